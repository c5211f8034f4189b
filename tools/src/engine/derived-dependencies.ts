import { clusterIssuerAnnotation, defaultStorageClassAnnotation } from '@open4goods/kit';
import type { PlainObject } from './plain-object.ts';
import type { RenderedEnvironment } from './render.ts';

/**
 * Dependencies the engine reads from what units render, in one environment: an object in
 * namespace N waits for the unit that renders Namespace N, a unit that claims a volume for the
 * unit that renders its StorageClass, a unit with ExternalSecrets for the unit that renders their
 * (Cluster)SecretStore, a unit that asks for certificates for the unit that renders the
 * ClusterIssuer. Components do not have to know (the ExternalSecrets are even
 * added by the engine, and only with the Vault backend), and a new component gets the right
 * order by construction. References to something no unit renders (a StorageClass the cluster
 * ships, say) add nothing.
 */

/** What a unit can provide to others: a kind and a name. */
type ProvidedName = `${string}/${string}`;

/** Stands for "the default StorageClass" among the provided names. */
const defaultStorageClass: ProvidedName = 'StorageClass/(default)';

type Fields = Record<string, unknown>;

function fieldsOf(value: unknown): Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Fields) : {};
}

function listOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function storageClassClaim(claimSpec: unknown): ProvidedName | undefined {
  const storageClassName = fieldsOf(claimSpec).storageClassName;
  if (storageClassName === undefined || storageClassName === null) return defaultStorageClass;
  // An empty class binds a pre-provisioned volume: nothing is provisioned.
  return typeof storageClassName === 'string' && storageClassName !== '' ? `StorageClass/${storageClassName}` : undefined;
}

/** Names an object makes available to other units. */
export function providedNames(object: PlainObject): ProvidedName[] {
  switch (object.kind) {
    case 'StorageClass': {
      const isDefault = fieldsOf(object.metadata.annotations)[defaultStorageClassAnnotation] === 'true';
      return [`StorageClass/${object.metadata.name}`, ...(isDefault ? [defaultStorageClass] : [])];
    }
    case 'Namespace':
      return object.apiVersion === 'v1' ? [`Namespace/${object.metadata.name}`] : [];
    case 'ClusterSecretStore':
    case 'ClusterIssuer':
      return [`${object.kind}/${object.metadata.name}`];
    case 'SecretStore':
      return [`SecretStore/${object.metadata.namespace}/${object.metadata.name}`];
    default:
      return [];
  }
}

/** Names an object needs to exist before it can work: its namespace, then what its kind refers to. */
export function requiredNames(object: PlainObject): ProvidedName[] {
  const namespace = object.kind === 'Namespace' ? undefined : object.metadata.namespace;
  return [...(namespace ? [`Namespace/${namespace}` as const] : []), ...referencedNames(object)];
}

function referencedNames(object: PlainObject): ProvidedName[] {
  const spec = fieldsOf(object.spec);
  switch (object.kind) {
    case 'PersistentVolumeClaim':
      return [storageClassClaim(spec)].filter((name): name is ProvidedName => name !== undefined);
    case 'StatefulSet':
      return listOf(spec.volumeClaimTemplates)
        .map((template) => storageClassClaim(fieldsOf(template).spec))
        .filter((name): name is ProvidedName => name !== undefined);
    case 'ExternalSecret': {
      const store = fieldsOf(spec.secretStoreRef);
      if (typeof store.name !== 'string') return [];
      return [store.kind === 'ClusterSecretStore' ? `ClusterSecretStore/${store.name}` : `SecretStore/${object.metadata.namespace}/${store.name}`];
    }
    case 'Ingress': {
      const issuer = fieldsOf(object.metadata.annotations)[clusterIssuerAnnotation];
      return typeof issuer === 'string' ? [`ClusterIssuer/${issuer}`] : [];
    }
    case 'Certificate': {
      const issuer = fieldsOf(spec.issuerRef);
      return issuer.kind === 'ClusterIssuer' && typeof issuer.name === 'string' ? [`ClusterIssuer/${issuer.name}`] : [];
    }
    default:
      return [];
  }
}

/** Unit id → the unit ids it must wait for, read from its objects (never itself). */
export function derivedDependencies(render: RenderedEnvironment): Map<string, string[]> {
  const providers = new Map<ProvidedName, string>();
  for (const unit of render.units) {
    for (const object of unit.objects) {
      for (const name of providedNames(object)) {
        const previous = providers.get(name);
        if (previous && previous !== unit.node.id) {
          throw new Error(`env ${render.environment.name}: ${name} is provided by both ${previous} and ${unit.node.id}`);
        }
        providers.set(name, unit.node.id);
      }
    }
  }
  const dependencies = new Map<string, string[]>();
  for (const unit of render.units) {
    const needed = new Set<string>();
    for (const object of unit.objects) {
      for (const name of requiredNames(object)) {
        const provider = providers.get(name);
        if (provider && provider !== unit.node.id) needed.add(provider);
      }
    }
    dependencies.set(unit.node.id, [...needed].sort());
  }
  return dependencies;
}

/**
 * Every unit's dependencies, declared and derived, checked for cycles: a derived edge can close a
 * loop the declared graph did not have, and Flux would then wait forever.
 */
export function effectiveDependencies(render: RenderedEnvironment): Map<string, string[]> {
  const derived = derivedDependencies(render);
  const effective = new Map(render.units.map((unit) => [unit.node.id, [...new Set([...unit.node.dependsOn, ...(derived.get(unit.node.id) ?? [])])].sort()]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw new Error(`env ${render.environment.name}: unit dependency cycle (declared and derived from objects): ${cycle.join(' -> ')}`);
    }
    state.set(id, 'visiting');
    for (const dependency of effective.get(id) ?? []) visit(dependency, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of [...effective.keys()].sort()) visit(id, []);
  return effective;
}
