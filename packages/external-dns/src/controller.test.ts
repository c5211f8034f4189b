import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { chartValuesProblems, referenceAvailable } from '@open4goods/kit/testing';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { describe, expect, it } from 'vitest';
import type { ExternalDnsValues } from './external-dns-values.ts';
import externalDns from './index.ts';

function controllerObjects(environment: Environment) {
  const objects = externalDns.units.find((unit) => unit.name === 'controller')!.render(environment);
  return {
    namespace: objects.find((object): object is Namespace => object instanceof Namespace)!,
    repository: objects.find((object): object is HelmRepository => object instanceof HelmRepository)!,
    release: objects.find((object): object is HelmRelease => object instanceof HelmRelease)!,
  };
}

const valuesOf = (environment: Environment) => controllerObjects(environment).release.spec!.values as unknown as ExternalDnsValues;
const cloudflareVariant = (base: Environment) => defineEnvironment(base.name, base.sourceFile, { dns: { provider: 'cloudflare' } }, base);

describe('external-dns units', () => {
  it('has one controller unit, applied after the monitoring CRDs', () => {
    expect(externalDns.units.map((unit) => [unit.name, unit.dependsOn])).toEqual([['controller', ['observability/crds']]]);
  });
});

describe.each(['prod', 'staging'] as const)('external-dns in %s', (name) => {
  const environment = loadEnvironment(name);
  const { namespace, repository, release } = controllerObjects(environment);
  const values = valuesOf(environment);

  it('runs in a restricted namespace from the kubernetes-sigs chart, pinned, with remediation', () => {
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    expect(repository.spec?.url).toBe('https://kubernetes-sigs.github.io/external-dns/');
    expect(() => release.validate()).not.toThrow();
    expect(release.spec?.chart?.spec).toMatchObject({ chart: 'external-dns', version: '1.21.1' });
    expect(release.spec?.install?.remediation?.retries).toBeGreaterThan(0);
  });

  it('uses OVH at the environment endpoint, with the three OVH credentials from the credentials Secret', () => {
    expect(values.provider).toEqual({ name: 'ovh' });
    expect(values.extraArgs).toEqual(['--ovh-endpoint=ovh-eu']);
    expect(values.env).toEqual(
      ['OVH_APPLICATION_KEY', 'OVH_APPLICATION_SECRET', 'OVH_CONSUMER_KEY'].map((variable) => ({
        name: variable,
        valueFrom: { secretKeyRef: { name: 'external-dns-credentials', key: variable } },
      })),
    );
    expect(JSON.stringify(values)).not.toMatch(/"value":/);
  });

  it('declares those credentials in the secret contract, in the controller unit', () => {
    expect(externalDns.secrets!(environment)).toEqual([
      expect.objectContaining({ unit: 'controller', name: 'external-dns-credentials', namespace: 'external-dns' }),
    ]);
    expect(externalDns.secrets!(environment)[0]!.keys.map((key) => key.name)).toEqual(['OVH_APPLICATION_KEY', 'OVH_APPLICATION_SECRET', 'OVH_CONSUMER_KEY']);
  });

  it('writes only in the environment zone, from Ingresses, with an explicit policy and its own TXT owner id', () => {
    expect(values.domainFilters).toEqual(['open4goods.org']);
    expect(values.sources).toEqual(['ingress']);
    expect(values.policy).toBe('sync');
    expect(values.registry).toBe('txt');
    expect(values.txtOwnerId).toBe(`open4goods-${name}`);
  });

  it('creates its ServiceMonitor', () => {
    expect(values.serviceMonitor.enabled).toBe(true);
  });

  it('labels its pod and fixes its metrics port, as NetworkPolicies select them', () => {
    expect(values.podLabels).toEqual({ 'open4goods.org/workload': 'external-dns' });
    expect(values.service).toEqual({ port: 7979 });
    expect(externalDns.chartWorkloads!(environment)).toEqual([
      { name: 'external-dns', namespace: 'external-dns', podLabels: values.podLabels, ports: [{ name: 'http', port: values.service.port, protocol: 'TCP' }], callsKubernetesApi: true },
    ]);
  });
});

describe('one TXT owner per cluster', () => {
  it('differs between prod and staging, which share the zone', () => {
    expect(valuesOf(loadEnvironment('prod')).txtOwnerId).not.toBe(valuesOf(loadEnvironment('staging')).txtOwnerId);
  });
});

describe('switching dns.provider to cloudflare', () => {
  const prod = loadEnvironment('prod');
  const cloudflare = cloudflareVariant(prod);
  const values = valuesOf(cloudflare);

  it('switches the provider, drops the OVH flags and reads the API token only', () => {
    expect(values.provider).toEqual({ name: 'cloudflare' });
    expect(values.extraArgs).toEqual([]);
    expect(values.env).toEqual([{ name: 'CF_API_TOKEN', valueFrom: { secretKeyRef: { name: 'external-dns-credentials', key: 'CF_API_TOKEN' } } }]);
    expect(JSON.stringify(values)).not.toMatch(/OVH_|CF_API_KEY|CF_API_EMAIL/);
  });

  it('switches the secret contract to the token, in the same Secret', () => {
    const [requirement] = externalDns.secrets!(cloudflare);
    expect(requirement!.name).toBe('external-dns-credentials');
    expect(requirement!.keys.map((key) => key.name)).toEqual(['CF_API_TOKEN']);
  });

  it('keeps the zone, the policy and the owner id', () => {
    const ovh = valuesOf(prod);
    expect([values.domainFilters, values.policy, values.txtOwnerId]).toEqual([ovh.domainFilters, ovh.policy, ovh.txtOwnerId]);
  });

  it('takes another policy and OVH endpoint from the environment', () => {
    const other = defineEnvironment('prod', prod.sourceFile, { dns: { policy: 'upsert-only', ovhEndpoint: 'ovh-ca' } }, prod);
    expect(valuesOf(other)).toMatchObject({ policy: 'upsert-only', extraArgs: ['--ovh-endpoint=ovh-ca'] });
  });
});

describe.runIf(referenceAvailable('charts/external-dns/values.yaml'))('external-dns values against the chart 1.21 defaults and schema', () => {
  const prod = loadEnvironment('prod');

  it.each([
    ['prod (OVH)', prod],
    ['staging (OVH)', loadEnvironment('staging')],
    ['prod with Cloudflare', cloudflareVariant(prod)],
  ] as const)('%s sets only keys of the chart, and the merged values pass its schema', (_name, environment) => {
    expect(chartValuesProblems('external-dns', valuesOf(environment))).toEqual([]);
  });

  it('would refuse a policy the chart does not know', () => {
    expect(chartValuesProblems('external-dns', { ...valuesOf(prod), policy: 'delete-all' }).some((problem) => problem.includes('/policy'))).toBe(true);
  });
});
