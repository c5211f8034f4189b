import type { Environment } from '@open4goods/environments';
import { type KubernetesObject, neverPrunedByFlux } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { defaultsFixture, fixtureComponent, fixtureEnvironment } from '../testing/fixtures.ts';
import { derivedDependencies, effectiveDependencies } from './derived-dependencies.ts';
import { planBuild } from './plan.ts';
import { renderEnvironment } from './render.ts';

const object = (kind: string, apiVersion: string, name: string, rest: Record<string, unknown> = {}, metadata: Record<string, unknown> = {}) =>
  ({ apiVersion, kind, metadata: { name, ...metadata }, ...rest }) as KubernetesObject;

const storageClass = (name: string, isDefault: boolean) =>
  object('StorageClass', 'storage.k8s.io/v1', name, { provisioner: 'example.org/disk' }, { annotations: { 'storageclass.kubernetes.io/is-default-class': String(isDefault) } });

const storage = fixtureComponent({
  name: 'storage',
  layer: 'infra',
  units: [{ name: 'classes', render: () => [storageClass('fast', true), storageClass('db', false)] }],
});
const secretStore = fixtureComponent({
  name: 'vault',
  layer: 'infra',
  units: [{ name: 'store', render: (environment) => (environment.secrets.kind === 'vault' ? [object('ClusterSecretStore', 'external-secrets.io/v1', environment.secrets.clusterSecretStore, { spec: { provider: {} } })] : []) }],
});
const issuers = fixtureComponent({
  name: 'certificates',
  layer: 'infra',
  units: [{ name: 'issuers', render: () => [object('ClusterIssuer', 'cert-manager.io/v1', 'letsencrypt-prod', { spec: { acme: {} } })] }],
});

function claim(environment: Environment, name: string, storageClassName?: string) {
  return object('PersistentVolumeClaim', 'v1', name, { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...(storageClassName !== undefined ? { storageClassName } : {}) } }, { namespace: environment.appNamespace, annotations: neverPrunedByFlux });
}

function render(environment: Environment, components: Parameters<typeof renderEnvironment>[1]) {
  return renderEnvironment(environment, components, { readRepositoryFile: () => undefined });
}

describe('dependencies derived from rendered objects', () => {
  const environment = fixtureEnvironment('alpha');

  it('makes a claim of the default class wait for the unit rendering the default StorageClass', () => {
    const app = fixtureComponent({ name: 'app', render: (env) => [claim(env, 'data')] });
    expect(derivedDependencies(render(environment, [storage, app])).get('apps/app/main')).toEqual(['infra/storage/classes']);
  });

  it('follows a named class, and a StatefulSet volumeClaimTemplate', () => {
    const named = fixtureComponent({ name: 'named', render: (env) => [claim(env, 'data', 'db')] });
    const statefulSet = fixtureComponent({
      name: 'database',
      render: (env) => [object('StatefulSet', 'apps/v1', 'db', { spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { storageClassName: 'db' } }] } }, { namespace: env.appNamespace })],
    });
    const dependencies = derivedDependencies(render(environment, [storage, named, statefulSet]));
    expect(dependencies.get('apps/named/main')).toEqual(['infra/storage/classes']);
    expect(dependencies.get('apps/database/main')).toEqual(['infra/storage/classes']);
  });

  it('adds nothing for a class no unit renders, nor for an empty class (a pre-provisioned volume)', () => {
    const app = fixtureComponent({ name: 'app', render: (env) => [claim(env, 'a', 'local-path'), claim(env, 'b', '')] });
    expect(derivedDependencies(render(environment, [storage, app])).get('apps/app/main')).toEqual([]);
  });

  it('makes a unit whose secret contract becomes ExternalSecrets wait for the ClusterSecretStore', () => {
    const app = fixtureComponent({
      name: 'app',
      secrets: (env) => [{ unit: 'main', name: 'credentials', namespace: env.appNamespace, description: 'test', keys: [{ name: 'token', description: 'token' }] }],
    });
    expect(derivedDependencies(render(environment, [secretStore, app])).get('apps/app/main')).toEqual(['infra/vault/store']);
  });

  it('makes an Ingress asking for a ClusterIssuer wait for the unit rendering it', () => {
    const web = fixtureComponent({
      name: 'web',
      render: (env) => [object('Ingress', 'networking.k8s.io/v1', 'web', { spec: { rules: [] } }, { namespace: env.appNamespace, annotations: { 'cert-manager.io/cluster-issuer': 'letsencrypt-prod' } })],
    });
    expect(derivedDependencies(render(environment, [issuers, web])).get('apps/web/main')).toEqual(['infra/certificates/issuers']);
  });

  it('never makes a unit depend on itself', () => {
    const selfContained = fixtureComponent({ name: 'self', layer: 'infra', render: (env) => [storageClass('own', false), claim(env, 'data', 'own')] });
    expect(derivedDependencies(render(environment, [selfContained])).get('infra/self/main')).toEqual([]);
  });

  it('refuses two units that each render a default StorageClass', () => {
    const other = fixtureComponent({ name: 'other', layer: 'infra', render: () => [storageClass('slow', true)] });
    expect(() => derivedDependencies(render(environment, [storage, other]))).toThrow('env alpha: StorageClass/(default) is provided by both infra/other/main and infra/storage/classes');
  });

  it('names a cycle that a derived dependency closes', () => {
    const app = fixtureComponent({ name: 'app', render: (env) => [claim(env, 'data')] });
    const loopingStorage = fixtureComponent({ name: 'storage', layer: 'infra', units: [{ name: 'classes', dependsOn: ['app/main'], render: () => [storageClass('fast', true)] }] });
    expect(() => effectiveDependencies(render(environment, [loopingStorage, app]))).toThrow(
      'env alpha: unit dependency cycle (declared and derived from objects): apps/app/main -> infra/storage/classes -> apps/app/main',
    );
  });

  it('ends up in the Flux Kustomization with the declared ones', () => {
    const app = fixtureComponent({ name: 'app', units: [{ name: 'config', render: () => [] }, { name: 'main', dependsOn: ['config'], render: (env) => [claim(env, 'data')] }] });
    const plan = planBuild({ defaults: defaultsFixture(), environments: [environment], components: [storage, app], pathExists: () => false });
    expect(plan.files.get('clusters/alpha/flux/apps-app-main.yaml')!.content).toContain('  dependsOn:\n    - name: apps-app-config\n    - name: infra-storage-classes\n');
  });
});

const securityObject = (kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: kind === 'Namespace' || kind === 'ConfigMap' ? 'v1' : 'external-secrets.io/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...extra,
});

const platform = fixtureComponent({
  name: 'platform',
  layer: 'infra',
  units: [
    { name: 'namespaces', render: () => [securityObject('Namespace', 'apps'), securityObject('Namespace', 'operators')] },
    { name: 'store', render: () => [securityObject('ClusterSecretStore', 'vault', undefined, { spec: {} })] },
  ],
});
const app = fixtureComponent({
  name: 'app',
  units: [
    {
      name: 'main',
      render: () => [
        securityObject('ConfigMap', 'settings', 'apps'),
        securityObject('ExternalSecret', 'credentials', 'apps', { spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' } } }),
        securityObject('ConfigMap', 'elsewhere', 'kube-system'),
      ],
    },
  ],
});

function derivedOf(components = [platform, app]) {
  return derivedDependencies(renderEnvironment(fixtureEnvironment('alpha'), components, { readRepositoryFile: () => undefined }));
}

describe('dependencies derived from the render', () => {
  it('make a unit wait for the unit that renders its namespace and the secret store its ExternalSecrets read', () => {
    expect(derivedOf().get('apps/app/main')).toEqual(['infra/platform/namespaces', 'infra/platform/store']);
  });

  it('ignore namespaces nobody renders and a unit owning its own namespace', () => {
    expect(derivedOf().get('infra/platform/namespaces')).toEqual([]);
    const selfContained = fixtureComponent({ name: 'solo', render: () => [securityObject('Namespace', 'solo'), securityObject('ConfigMap', 'c', 'solo')] });
    expect(derivedOf([selfContained]).get('apps/solo/main')).toEqual([]);
  });

});
