import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Environment, defineEnvironment, loadDefaults, loadEnvironment } from '@open4goods/environments';
import { type KubernetesObject, describeObject, sharedDataAvailable, sharedDirectory, unknownChartValueKeys } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import externalSecrets from './index.ts';
import { externalSecretsValues } from './controller.ts';

function unit(name: string) {
  const found = externalSecrets.units.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no unit ${name}`);
  return found;
}

const render = (name: string, environment: Environment): readonly KubernetesObject[] => unit(name).render(environment);
const plain = (object: KubernetesObject) => JSON.parse(JSON.stringify(object));

describe('the external-secrets component', () => {
  it('is an infra component whose store waits for the controller that installs the CRDs', () => {
    expect(externalSecrets.layer).toBe('infra');
    expect(externalSecrets.units.map((candidate) => candidate.name)).toEqual(['controller', 'store']);
    expect(unit('store').dependsOn).toEqual(['controller']);
  });

  it.each(['prod', 'staging'] as const)('renders objects that pass validation in %s', (name) => {
    const environment = loadEnvironment(name);
    for (const object of [...render('controller', environment), ...render('store', environment)]) expect(() => object.validate?.(), describeObject(object)).not.toThrow();
  });

  it('installs the chart in a restricted namespace, pinned, with CRDs', () => {
    const [namespace, repository, release] = render('controller', loadDefaults()).map(plain);
    expect(namespace.metadata.name).toBe('external-secrets');
    expect(namespace.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(repository.spec.url).toBe('https://charts.external-secrets.io');
    expect(release.spec.chart.spec).toMatchObject({ chart: 'external-secrets', version: '2.9.0' });
    expect(release.spec.values.installCRDs).toBe(true);
    expect(release.spec.install.crds).toBe('CreateReplace');
  });

  it('labels each of the chart pods with its own workload label, the selectors NetworkPolicies use', () => {
    const values = externalSecretsValues();
    const workloads = externalSecrets.chartWorkloads!(loadDefaults());
    expect(values.podLabels).toEqual(workloads[0]!.podLabels);
    expect(values.webhook.podLabels).toEqual(workloads[1]!.podLabels);
    expect(values.certController.podLabels).toEqual(workloads[2]!.podLabels);
    expect(new Set(workloads.map((workload) => JSON.stringify(workload.podLabels))).size).toBe(3);
    expect(workloads.find((workload) => workload.name === 'external-secrets-webhook')!.ports).toContainEqual({ name: 'webhook', port: values.webhook.port, protocol: 'TCP' });
    expect(workloads.every((workload) => workload.callsKubernetesApi)).toBe(true);
  });

  it('renders the ClusterSecretStore the environment names, reading Vault KV v2 with Kubernetes auth as the operator', () => {
    const environment = loadEnvironment('prod');
    const [store] = render('store', environment).map(plain);
    expect(store.kind).toBe('ClusterSecretStore');
    expect(store.apiVersion).toBe('external-secrets.io/v1');
    expect(store.metadata.name).toBe(environment.secrets.kind === 'vault' ? environment.secrets.clusterSecretStore : undefined);
    expect(store.spec.provider.vault).toEqual({
      server: environment.vault.server,
      path: 'secret',
      version: 'v2',
      auth: { kubernetes: { mountPath: 'kubernetes', role: 'external-secrets', serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' } } },
    });
    expect(externalSecretsValues().serviceAccount.name).toBe('external-secrets');
  });

  it('renders no store where secrets come from SOPS files', () => {
    expect(render('store', defineEnvironment('sops', 'sops.ts', { secrets: { kind: 'sops' } }))).toEqual([]);
  });
});

const valuesFile = 'reference/charts/external-secrets/values.yaml';
describe.runIf(sharedDataAvailable(valuesFile, 'the check of the external-secrets values against the chart'))('the chart values', () => {
  it('only sets keys the external-secrets 2.9 chart has', () => {
    const defaults = parse(readFileSync(join(sharedDirectory(), valuesFile), 'utf8'));
    expect(unknownChartValueKeys(externalSecretsValues(), defaults)).toEqual([]);
    // The chart's own defaults already harden the containers for restricted.
    expect(defaults.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(defaults.webhook.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true });
    expect(defaults.certController.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true });
  });
});
