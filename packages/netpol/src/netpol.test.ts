import { type Environment, loadEnvironment } from '@open4goods/environments';
import externalSecrets from '@open4goods/external-secrets';
import { BuildInputError, type Layer, type PlatformObject, type PlatformView, renderNamespace } from '@open4goods/kit';
import mysql from '@open4goods/mysql';
import { describe, expect, it } from 'vitest';
import netpol from './index.ts';

const environment = loadEnvironment('staging');
const plain = (objects: readonly unknown[]) => JSON.parse(JSON.stringify(objects)) as PlatformObject[];

/** The platform as the engine would pass it, from the real mysql and external-secrets renders. */
function platformOf(environment: Environment, extra: PlatformObject[] = [], transform: (objects: PlatformObject[]) => PlatformObject[] = (objects) => objects): PlatformView {
  const objects = transform([
    ...plain(externalSecrets.units.flatMap((unit) => unit.render(environment))),
    ...plain(mysql.units.flatMap((unit) => unit.render(environment))),
    ...extra,
  ]);
  const layerOf = (namespace: string): Layer => (namespace === environment.appNamespace ? 'apps' : 'infra');
  return {
    objects,
    chartWorkloads: externalSecrets.chartWorkloads!(environment),
    namespaceLayers: new Map(objects.filter((object) => object.kind === 'Namespace').map((object) => [object.metadata.name, layerOf(object.metadata.name)])),
  };
}

function render(platform: PlatformView) {
  const [infra, apps] = netpol.units.map((unit) => plain(unit.render(environment, platform)));
  return { infra: infra!, apps: apps!, all: [...infra!, ...apps!] };
}

const names = (objects: PlatformObject[]) => objects.map((object) => `${object.metadata.namespace}/${object.metadata.name}`).sort();

describe('the netpol component', () => {
  it('is a policies component whose units read the rendered platform', () => {
    expect(netpol.layer).toBe('policies');
    expect(netpol.units.map((unit) => [unit.name, unit.readsPlatform])).toEqual([
      ['infra-namespaces', true],
      ['apps-namespaces', true],
    ]);
    expect(() => netpol.units[0]!.render(environment)).toThrow('derived from the rendered platform');
  });

  it('denies all ingress and egress in every namespace the platform renders', () => {
    const { all } = render(platformOf(environment));
    const denies = all.filter((policy) => policy.metadata.name === 'default-deny');
    expect(names(denies)).toEqual(['external-secrets/default-deny', 'open4goods-staging/default-deny']);
    for (const deny of denies) expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('denies by default in a namespace a new component renders, without any change here', () => {
    const { all } = render(platformOf(environment, plain([renderNamespace('newcomer', { level: 'restricted' }, 'newcomer')])));
    expect(names(all.filter((policy) => policy.metadata.name === 'default-deny'))).toContain('newcomer/default-deny');
    expect(names(all.filter((policy) => policy.metadata.name === 'dns-egress'))).toContain('newcomer/dns-egress');
  });

  it('puts the policies of each namespace in the unit of the layer that renders it', () => {
    const { infra, apps } = render(platformOf(environment));
    expect(new Set(infra.map((policy) => policy.metadata.namespace))).toEqual(new Set(['external-secrets']));
    expect(new Set(apps.map((policy) => policy.metadata.namespace))).toEqual(new Set(['open4goods-staging']));
  });

  it('renders valid NetworkPolicies, each explaining its flow', () => {
    const platform = platformOf(environment);
    for (const unit of netpol.units) {
      for (const policy of unit.render(environment, platform)) {
        expect(() => policy.validate?.()).not.toThrow();
        expect(policy.metadata?.annotations?.['open4goods.org/flow']).toBeTruthy();
      }
    }
  });

  it('lets Prometheus scrape the exporter by its port name, and only that', () => {
    const { apps } = render(platformOf(environment));
    const scrape = apps.find((policy) => policy.metadata.name === 'prometheus-to-mysql-metrics-ingress')!;
    expect(scrape.spec).toEqual({
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }],
          ports: [{ port: 'metrics', protocol: 'TCP' }],
        },
      ],
    });
    // Prometheus's own namespace is not rendered on this branch: its egress side waits for it.
    expect(names(render(platformOf(environment)).all).some((name) => name.startsWith('observability/'))).toBe(false);
  });

  it('writes the egress side too once the source namespace is part of the platform', () => {
    const { all } = render(
      platformOf(environment, [
        ...plain([renderNamespace('observability', { level: 'restricted' }, 'observability')]),
        {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'prometheus', namespace: 'observability' },
          spec: { template: { metadata: { labels: { 'app.kubernetes.io/name': 'prometheus' } }, spec: { containers: [{ name: 'prometheus' }] } } },
        },
      ]),
    );
    const egress = all.find((policy) => policy.metadata.name === 'prometheus-to-mysql-metrics-egress')!;
    expect(egress.metadata.namespace).toBe('observability');
    expect(egress.spec).toMatchObject({ policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'open4goods-staging' } } }] }] });
  });

  it('gives the API-calling controllers egress to the API server on the API ports only', () => {
    const { infra } = render(platformOf(environment));
    const controller = infra.find((policy) => policy.metadata.name === 'external-secrets-controller-to-kubernetes-api-egress')!;
    expect(controller.spec).toEqual({
      podSelector: { matchLabels: { 'open4goods.org/workload': 'external-secrets-controller' } },
      policyTypes: ['Egress'],
      egress: [
        {
          to: environment.network.kubernetesApi.cidrs.map((cidr) => ({ ipBlock: { cidr } })),
          ports: [
            { port: 443, protocol: 'TCP' },
            { port: 6443, protocol: 'TCP' },
          ],
        },
      ],
    });
    expect(infra.filter((policy) => policy.metadata.name.endsWith('-to-kubernetes-api-egress'))).toHaveLength(3);
  });

  it('fails the build, naming the flow, when the destination renames the port', () => {
    const renamed = platformOf(environment, [], (objects) => JSON.parse(JSON.stringify(objects).replaceAll('"name":"metrics"', '"name":"exporter"')));
    let error: unknown;
    try {
      render(renamed);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BuildInputError);
    expect((error as BuildInputError).file).toBe('packages/netpol/src/flows.ts');
    expect((error as BuildInputError).field).toBe('flow prometheus-to-mysql-metrics: ports');
    expect((error as Error).message).toContain('open4goods-staging/mysql declares no TCP port "metrics" (it has mysql 3306/TCP, exporter 9104/TCP)');
  });

  it('fails the build when a selector no longer matches the pods it was written for', () => {
    const relabelled = platformOf(environment, [], (objects) => JSON.parse(JSON.stringify(objects).replaceAll('"app.kubernetes.io/name":"mysql"', '"app.kubernetes.io/name":"mariadb"')));
    expect(() => render(relabelled)).toThrow(/flow prometheus-to-mysql-metrics: to: the selector .* of mysql matches no pod in namespace open4goods-staging/);
  });
});
