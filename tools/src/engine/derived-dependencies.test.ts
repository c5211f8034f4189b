import { describe, expect, it } from 'vitest';
import { fixtureComponent, fixtureEnvironment } from '../testing/fixtures.ts';
import { deriveDependencies, effectiveDependencies } from './derived-dependencies.ts';
import { renderEnvironment } from './render.ts';
import { buildUnitGraph } from './unit-graph.ts';

const object = (kind: string, name: string, namespace?: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: kind === 'Namespace' || kind === 'ConfigMap' ? 'v1' : 'external-secrets.io/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...extra,
});

const platform = fixtureComponent({
  name: 'platform',
  layer: 'infra',
  units: [
    { name: 'namespaces', render: () => [object('Namespace', 'apps'), object('Namespace', 'operators')] },
    { name: 'store', render: () => [object('ClusterSecretStore', 'vault', undefined, { spec: {} })] },
  ],
});
const app = fixtureComponent({
  name: 'app',
  units: [
    {
      name: 'main',
      render: () => [
        object('ConfigMap', 'settings', 'apps'),
        object('ExternalSecret', 'credentials', 'apps', { spec: { secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault' } } }),
        object('ConfigMap', 'elsewhere', 'kube-system'),
      ],
    },
  ],
});

function derivedOf(components = [platform, app]) {
  return deriveDependencies(renderEnvironment(fixtureEnvironment('alpha'), components, { readRepositoryFile: () => undefined }));
}

describe('dependencies derived from the render', () => {
  it('make a unit wait for the unit that renders its namespace and the secret store its ExternalSecrets read', () => {
    expect(derivedOf().get('apps/app/main')).toEqual(['infra/platform/namespaces', 'infra/platform/store']);
  });

  it('ignore namespaces nobody renders and a unit owning its own namespace', () => {
    expect(derivedOf().get('infra/platform/namespaces')).toEqual([]);
    const selfContained = fixtureComponent({ name: 'solo', render: () => [object('Namespace', 'solo'), object('ConfigMap', 'c', 'solo')] });
    expect(derivedOf([selfContained]).get('apps/solo/main')).toEqual([]);
  });

  it('are merged with the declared ones', () => {
    const nodes = buildUnitGraph([platform, app]);
    const effective = effectiveDependencies(nodes, new Map([['apps/app/main', ['infra/platform/store']]]));
    expect(effective.get('apps/app/main')).toEqual(['infra/platform/store']);
  });

  it('refuse a cycle between declared and derived dependencies, naming it', () => {
    const nodes = buildUnitGraph([
      fixtureComponent({ name: 'a', units: [{ name: 'main', dependsOn: ['b/main'], render: () => [] }] }),
      fixtureComponent({ name: 'b', render: () => [] }),
    ]);
    expect(() => effectiveDependencies(nodes, new Map([['apps/b/main', ['apps/a/main']]]))).toThrow(
      'unit dependency cycle (declared or derived from namespaces and secret stores): apps/a/main -> apps/b/main -> apps/a/main',
    );
  });
});
