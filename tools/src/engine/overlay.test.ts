import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { kubectlAvailable, kustomizeBuild } from '../testing/kubectl.ts';
import { applyOverlay, computeOverlay, differencesBetween, namespaceTranslation } from './overlay.ts';
import type { PlainObject } from './plain-object.ts';
import { planBuild } from './plan.ts';
import { defaultsFixture, fixtureComponent, fixtureEnvironment } from '../testing/fixtures.ts';

function configMap(name: string, namespace: string, data: Record<string, string>, extra: Record<string, unknown> = {}): PlainObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels: { 'app.kubernetes.io/name': name } }, data, ...extra };
}

function deployment(namespace: string, containers: unknown[], replicas = 1): PlainObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { automountServiceAccountToken: false, containers } } },
  };
}

// Privileged and exempted: these crafted pods are about patches, not hardening.
const podSecurity = { 'pod-security.kubernetes.io/enforce': 'privileged', 'pod-security.kubernetes.io/audit': 'privileged', 'pod-security.kubernetes.io/warn': 'privileged' };
// Exempted and never pruned, as the platform rules want of every Namespace.
const exemption = { 'open4goods.org/pod-security-exemption': 'overlay test fixture', 'kustomize.toolkit.fluxcd.io/prune': 'disabled' };

const base: PlainObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-base', labels: { team: 'a', ...podSecurity }, annotations: exemption } },
  configMap('settings', 'ns-base', { a: '1', b: '2', 'key/with~odd': 'x' }),
  configMap('only-in-base', 'ns-base', { gone: 'yes' }),
  deployment('ns-base', [
    { name: 'app', image: 'app:1', args: ['--one', '--two', '--three'] },
    { name: 'sidecar', image: 'side:1' },
  ]),
];

const target: PlainObject[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns-env', labels: { team: 'a', tier: 'prod', ...podSecurity }, annotations: exemption } },
  // changed value, removed key, odd key kept, new key
  configMap('settings', 'ns-env', { a: '10', 'key/with~odd': 'y', c: '3', on: 'no', octal: '0777', float: '1e3', nothing: 'null', tilde: '~' }),
  // array shrunk, element changed, container removed, scalar changed
  deployment('ns-env', [{ name: 'app', image: 'app:2', args: ['--one', '--four'] }], 2),
  // only in the environment
  configMap('env-only', 'ns-env', { hello: 'world' }),
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cluster-wide-like', namespace: 'other' }, data: { z: '0' } },
];

const translate = namespaceTranslation('ns-base', 'ns-env');

describe('computeOverlay / applyOverlay', () => {
  it('pairs objects across the namespace rename and classifies patches, deletions and additions', () => {
    const overlay = computeOverlay(base, target, translate);
    expect(overlay.deletions.map((key) => key.name)).toEqual(['only-in-base']);
    expect(overlay.additions.map((object) => object.metadata.name)).toEqual(['env-only', 'cluster-wide-like']);
    expect(overlay.patches.map((patch) => `${patch.target.kind}/${patch.target.name}`)).toEqual(['Namespace/ns-base', 'ConfigMap/settings', 'Deployment/web']);
    // Patches address the base object (its original namespace), as kustomize needs.
    expect(overlay.patches[1]!.target).toEqual({ group: '', version: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'ns-base' });
  });

  it('round-trips: applying the overlay to the base yields exactly the target', () => {
    const overlay = computeOverlay(base, target, translate);
    expect(differencesBetween(applyOverlay(base, overlay), target)).toEqual([]);
  });

  it('does not mutate its inputs', () => {
    const before = JSON.stringify(base);
    applyOverlay(base, computeOverlay(base, target, translate));
    expect(JSON.stringify(base)).toBe(before);
  });

  it('produces no patch for identical objects', () => {
    const overlay = computeOverlay(base, base);
    expect(overlay).toEqual({ patches: [], deletions: [], additions: [] });
  });

  it('reports every difference between object sets', () => {
    const changed = [...target.slice(0, 2), target[3]!];
    const differences = differencesBetween(changed, target);
    expect(differences.some((line) => line.startsWith('missing apps/v1 Deployment ns-env/web'))).toBe(true);
    expect(differences.some((line) => line.startsWith('missing v1 ConfigMap other/cluster-wide-like'))).toBe(true);
    const altered = target.map((object) => (object.metadata.name === 'env-only' ? configMap('env-only', 'ns-env', { hello: 'moon' }) : object));
    expect(differencesBetween(altered, target)).toEqual([expect.stringMatching(/^different v1 ConfigMap ns-env\/env-only/)]);
  });
});

describe.runIf(kubectlAvailable())('kustomize applies the written overlay exactly as the engine does', () => {
  it('on crafted objects with arrays, deletions, renames and environment-only objects', () => {
    const root = mkdtempSync(join(tmpdir(), 'o4g-overlay-'));
    writeFileSync(join(root, 'nx.json'), '{}');
    const component = fixtureComponent({
      name: 'crafted',
      render: (environment) => (environment.name === 'defaults' ? base : target).map((object) =>
        JSON.parse(JSON.stringify(object).replaceAll('ns-base', environment.appNamespace).replaceAll('ns-env', environment.appNamespace)),
      ),
    });
    const environment = fixtureEnvironment('alpha');
    const plan = planBuild({ defaults: defaultsFixture(), environments: [environment], components: [component], pathExists: () => false });
    for (const [path, file] of plan.files) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), file.content);
    }
    const rendered = plan.renders[0]!.units[0]!.objects;
    const built = kustomizeBuild(join(root, 'clusters/alpha/apps/crafted/main'));
    expect(differencesBetween(built, rendered)).toEqual([]);
  });
});
