import { ClusterSecretStore } from '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore';
import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { chartValuesProblems, referenceAvailable } from '@open4goods/kit/testing';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { describe, expect, it } from 'vitest';
import type { ExternalSecretsValues } from './external-secrets-values.ts';
import { externalSecretsWorkloads } from './controller.ts';
import externalSecrets from './index.ts';
import { externalSecretsMetricsPort, externalSecretsNamespace, externalSecretsPodLabels, externalSecretsWebhookPort } from './names.ts';

const unit = (name: string) => externalSecrets.units.find((candidate) => candidate.name === name)!;

describe('external-secrets units', () => {
  it('applies the operator after the monitoring CRDs, and the store after the operator', () => {
    expect(externalSecrets.units.map((candidate) => [candidate.name, candidate.dependsOn])).toEqual([
      ['controller', ['observability/crds']],
      ['store', ['controller']],
    ]);
  });
});

describe.each(['prod', 'staging'] as const)('External Secrets in %s', (name) => {
  const environment = loadEnvironment(name);
  const objects = unit('controller').render(environment);
  const release = objects.find((object): object is HelmRelease => object instanceof HelmRelease)!;
  const values = release.spec!.values as unknown as ExternalSecretsValues;
  const [store, ...others] = unit('store').render(environment) as ClusterSecretStore[];

  it('installs the operator with its CRDs and ServiceMonitor, in a restricted namespace', () => {
    expect(objects.find((object): object is Namespace => object instanceof Namespace)!.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(objects.find((object): object is HelmRepository => object instanceof HelmRepository)!.spec?.url).toBe('https://charts.external-secrets.io');
    expect(() => release.validate()).not.toThrow();
    expect(release.spec?.chart?.spec.version).toMatch(/^2\.[0-9]+\.[0-9]+$/);
    expect(values).toMatchObject({ installCRDs: true, metrics: { service: { enabled: true } }, serviceMonitor: { enabled: true } });
    // The webhook and the cert controller get a metrics Service too, so their ServiceMonitors have a target.
    expect(values.webhook.metrics).toEqual({ listen: { port: externalSecretsMetricsPort.port }, service: { enabled: true } });
    expect(values.certController.metrics).toEqual({ listen: { port: externalSecretsMetricsPort.port }, service: { enabled: true } });
  });

  it("labels each of the chart's pods and fixes their ports, as NetworkPolicies select them", () => {
    expect(values).toMatchObject({
      podLabels: externalSecretsPodLabels.controller,
      metrics: { listen: { port: externalSecretsMetricsPort.port } },
      webhook: { port: externalSecretsWebhookPort.port, podLabels: externalSecretsPodLabels.webhook },
      certController: { podLabels: externalSecretsPodLabels.certController },
    });
    const workloads = externalSecretsWorkloads(environment);
    expect(workloads.map((workload) => workload.podLabels)).toEqual([externalSecretsPodLabels.controller, externalSecretsPodLabels.webhook, externalSecretsPodLabels.certController]);
    expect(workloads.every((workload) => workload.namespace === externalSecretsNamespace && workload.callsKubernetesApi)).toBe(true);
  });

  it('renders one external-secrets.io/v1 ClusterSecretStore named as the environment says', () => {
    expect(others).toEqual([]);
    expect(store).toBeInstanceOf(ClusterSecretStore);
    expect(() => store!.validate()).not.toThrow();
    expect(store!.apiVersion).toBe('external-secrets.io/v1');
    expect(store!.metadata?.name).toBe(environment.secrets.kind === 'vault' ? environment.secrets.clusterSecretStore : undefined);
  });

  it("reads Vault's KV v2 at the environment address, logging in with Kubernetes auth as the operator's service account", () => {
    expect(store!.spec?.provider?.vault).toEqual({
      server: 'https://vault.open4goods.org:8200',
      path: 'secret',
      version: 'v2',
      auth: {
        kubernetes: {
          mountPath: `kubernetes-${name}`,
          role: 'external-secrets',
          serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' },
        },
      },
    });
  });
});

describe('the store follows the environment', () => {
  const prod = loadEnvironment('prod');

  it('takes the Vault address and role from the environment', () => {
    const other = defineEnvironment('prod', prod.sourceFile, { vault: { address: 'https://vault.example.org', role: 'eso-prod' } }, prod);
    const [store] = unit('store').render(other) as ClusterSecretStore[];
    expect(store!.spec?.provider?.vault?.server).toBe('https://vault.example.org');
    expect(store!.spec?.provider?.vault?.auth?.kubernetes?.role).toBe('eso-prod');
  });

  it('renders no store when the environment keeps its secrets in SOPS files', () => {
    expect(unit('store').render(defineEnvironment('prod', prod.sourceFile, { secrets: { kind: 'sops' } }, prod))).toEqual([]);
  });
});

describe.runIf(referenceAvailable('charts/external-secrets/values.yaml'))('external-secrets values against the chart 2.9 defaults and schema', () => {
  it('sets only keys of the chart, and the merged values pass its schema', () => {
    const release = unit('controller').render(loadEnvironment('prod')).find((object): object is HelmRelease => object instanceof HelmRelease)!;
    expect(chartValuesProblems('external-secrets', release.spec!.values)).toEqual([]);
  });
});
