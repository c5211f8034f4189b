import type { PlainObject } from './plain-object.ts';
import type { RenderedEnvironment } from './render.ts';
import type { UnitNode } from './unit-graph.ts';

/**
 * Dependencies read from what units render, so nobody has to remember to declare them:
 * - an object in namespace N waits for the unit that renders Namespace N;
 * - an ExternalSecret waits for the unit that renders the (Cluster)SecretStore it reads from
 *   (which itself waits for the operator that installs the CRDs).
 * Returns, per unit id, the ids of the units it must wait for besides its declared ones.
 */
export function deriveDependencies(rendered: RenderedEnvironment): Map<string, string[]> {
  const namespaceOwner = new Map<string, string>();
  const storeOwner = new Map<string, string>();
  for (const unit of rendered.units) {
    for (const object of unit.objects) {
      if (object.kind === 'Namespace' && object.apiVersion === 'v1') namespaceOwner.set(object.metadata.name, unit.node.id);
      if (object.kind === 'ClusterSecretStore') storeOwner.set(`ClusterSecretStore/${object.metadata.name}`, unit.node.id);
      if (object.kind === 'SecretStore') storeOwner.set(`SecretStore/${object.metadata.namespace}/${object.metadata.name}`, unit.node.id);
    }
  }
  const derived = new Map<string, string[]>();
  for (const unit of rendered.units) {
    const needs = new Set<string>();
    for (const object of unit.objects) {
      const namespace = object.kind === 'Namespace' ? undefined : object.metadata.namespace;
      if (namespace && namespaceOwner.has(namespace)) needs.add(namespaceOwner.get(namespace)!);
      const store = secretStoreOf(object);
      if (store && storeOwner.has(store)) needs.add(storeOwner.get(store)!);
    }
    needs.delete(unit.node.id);
    derived.set(unit.node.id, [...needs].sort());
  }
  return derived;
}

function secretStoreOf(object: PlainObject): string | undefined {
  if (object.kind !== 'ExternalSecret') return undefined;
  const reference = (object.spec as { secretStoreRef?: { kind?: string; name?: string } } | undefined)?.secretStoreRef;
  if (!reference?.name) return undefined;
  return reference.kind === 'ClusterSecretStore' ? `ClusterSecretStore/${reference.name}` : `SecretStore/${object.metadata.namespace}/${reference.name}`;
}

/** Declared plus derived dependencies of every unit; a cycle between them is an error naming it. */
export function effectiveDependencies(nodes: readonly UnitNode[], derived: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const effective = new Map(nodes.map((node) => [node.id, [...new Set([...node.dependsOn, ...(derived.get(node.id) ?? [])])].sort()]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      throw new Error(`unit dependency cycle (declared or derived from namespaces and secret stores): ${[...path.slice(path.indexOf(id)), id].join(' -> ')}`);
    }
    state.set(id, 'visiting');
    for (const dependency of effective.get(id) ?? []) visit(dependency, [...path, id]);
    state.set(id, 'done');
  };
  for (const id of [...effective.keys()].sort()) visit(id, []);
  return effective;
}
