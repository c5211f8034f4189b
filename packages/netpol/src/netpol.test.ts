import backups from '@open4goods/backups';
import certManager from '@open4goods/cert-manager';
import { type Environment, loadEnvironment } from '@open4goods/environments';
import externalDns from '@open4goods/external-dns';
import externalSecrets from '@open4goods/external-secrets';
import ingress from '@open4goods/ingress';
import {
  BuildInputError,
  type ChartWorkload,
  type ComponentDefinition,
  type Layer,
  type PlatformObject,
  type PlatformView,
  renderNamespace,
  smokeCheckNames,
  smokeCheckWorkload,
} from '@open4goods/kit';
import longhorn from '@open4goods/longhorn';
import mysql from '@open4goods/mysql';
import observability from '@open4goods/observability';
import xwiki from '@open4goods/xwiki';
import { describe, expect, it } from 'vitest';
import { checkFlow } from './flow-checks.ts';
import { everyPod, workload } from './flow.ts';
import netpol from './index.ts';

const environment = loadEnvironment('staging');
const plain = (objects: readonly unknown[]) => JSON.parse(JSON.stringify(objects)) as PlatformObject[];
/** The components whose workloads the flows name. */
const components: readonly ComponentDefinition[] = [externalSecrets, longhorn, ingress, certManager, externalDns, mysql, xwiki, backups, observability];

/**
 * The pods of the smoke checks. packages/smoke renders them and depends on this package for the
 * flow model, so here they stand as Jobs carrying the labels of kit's contract (what the flows select).
 */
function smokeCheckJobs(environment: Environment): PlatformObject[] {
  return Object.values(smokeCheckNames).map((check) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: `smoke-${check}`, namespace: environment.appNamespace },
    spec: { template: { metadata: { labels: { ...smokeCheckWorkload(environment, check).podLabels } }, spec: { containers: [{ name: check, image: 'smoke' }] } } },
  }));
}

/** The platform as the engine would pass it, from the real renders and chart workloads of the components. */
function platformOf(
  environment: Environment,
  extra: PlatformObject[] = [],
  transform: (objects: PlatformObject[]) => PlatformObject[] = (objects) => objects,
  chartWorkloads: (workloads: ChartWorkload[]) => ChartWorkload[] = (workloads) => workloads,
): PlatformView {
  const objects = transform([...plain(components.flatMap((component) => component.units.flatMap((unit) => unit.render(environment)))), ...smokeCheckJobs(environment), ...extra]);
  const layerOf = (namespace: string): Layer => (namespace === environment.appNamespace ? 'apps' : 'infra');
  return {
    objects,
    chartWorkloads: chartWorkloads(components.flatMap((component) => component.chartWorkloads?.(environment) ?? [])),
    chartObjects: [],
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
    expect(names(denies)).toEqual([
      'cert-manager/default-deny',
      'external-dns/default-deny',
      'external-secrets/default-deny',
      'longhorn-system/default-deny',
      'nginx-ingress/default-deny',
      'observability-node/default-deny',
      'observability/default-deny',
      'open4goods-staging/default-deny',
    ]);
    for (const deny of denies) expect(deny.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  it('denies by default in a namespace a new component renders, without any change here', () => {
    const { all } = render(platformOf(environment, plain([renderNamespace('newcomer', { level: 'restricted' }, 'newcomer')])));
    expect(names(all.filter((policy) => policy.metadata.name === 'default-deny'))).toContain('newcomer/default-deny');
    expect(names(all.filter((policy) => policy.metadata.name === 'dns-egress'))).toContain('newcomer/dns-egress');
  });

  it('puts the policies of each namespace in the unit of the layer that renders it', () => {
    const { infra, apps } = render(platformOf(environment));
    expect(new Set(infra.map((policy) => policy.metadata.namespace))).toEqual(new Set(['cert-manager', 'external-dns', 'external-secrets', 'longhorn-system', 'nginx-ingress', 'observability', 'observability-node']));
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
  });

  it('writes the egress side in the namespace of the source', () => {
    const { all } = render(platformOf(environment));
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
    expect(
      infra
        .filter((policy) => policy.metadata.name.endsWith('-to-kubernetes-api-egress'))
        .map((policy) => `${policy.metadata.namespace}/${policy.metadata.name.replace('-to-kubernetes-api-egress', '')}`)
        .sort(),
    ).toEqual(
      [
        'cert-manager/cert-manager-cainjector',
        'cert-manager/cert-manager-controller',
        'cert-manager/cert-manager-startupapicheck',
        'cert-manager/cert-manager-webhook',
        'external-dns/external-dns',
        'external-secrets/external-secrets-cert-controller',
        'external-secrets/external-secrets-controller',
        'external-secrets/external-secrets-webhook',
        'longhorn-system/csi-attacher',
        'longhorn-system/csi-provisioner',
        'longhorn-system/csi-resizer',
        'longhorn-system/csi-snapshotter',
        'longhorn-system/longhorn-csi-plugin',
        'longhorn-system/longhorn-driver-deployer',
        'longhorn-system/longhorn-manager',
        'longhorn-system/longhorn-post-upgrade',
        'longhorn-system/longhorn-uninstall',
        'longhorn-system/recurring-job-backup-daily',
        'longhorn-system/recurring-job-snapshot-hourly',
        'nginx-ingress/ingress-controller',
        'observability/alloy',
        'observability/grafana',
        'observability/kube-state-metrics',
        'observability/loki',
        'observability/prometheus',
        'observability/prometheus-admission-create',
        'observability/prometheus-admission-patch',
        'observability/prometheus-operator',
      ].sort(),
    );
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
    expect(() => render(relabelled)).toThrow(/flow xwiki-to-mysql: to: the selector .* of mysql matches no pod in namespace open4goods-staging/);
  });

  it("fails the build when a chart workload's label changes and a flow still names the old one", () => {
    const relabelled = platformOf(environment, [], undefined, (workloads) =>
      workloads.map((workload) => (workload.name === 'ingress-controller' ? { ...workload, podLabels: { 'open4goods.org/workload': 'nginx' } } : workload)),
    );
    expect(() => render(relabelled)).toThrow(/flow internet-to-ingress-controller: to: the selector .* of ingress-controller matches no pod in namespace nginx-ingress/);
  });

  it('lets the internet in to the ingress controller only on its HTTP and HTTPS ports, by name', () => {
    const { infra } = render(platformOf(environment));
    const policy = infra.find((candidate) => candidate.metadata.name === 'internet-to-ingress-controller-ingress')!;
    expect(policy.metadata.namespace).toBe('nginx-ingress');
    expect(policy.spec).toEqual({
      podSelector: { matchLabels: { 'open4goods.org/workload': 'ingress-controller' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ ipBlock: { cidr: '0.0.0.0/0' } }, { ipBlock: { cidr: '::/0' } }],
          ports: [
            { port: 'http', protocol: 'TCP' },
            { port: 'https', protocol: 'TCP' },
          ],
        },
      ],
    });
  });

  it('writes both sides of ingress controller → XWiki, each in its own unit', () => {
    const { infra, apps } = render(platformOf(environment));
    const xwikiPods = { 'app.kubernetes.io/name': 'xwiki', 'app.kubernetes.io/instance': 'xwiki' };
    expect(infra.find((policy) => policy.metadata.name === 'ingress-controller-to-xwiki-egress')!.spec).toEqual({
      podSelector: { matchLabels: { 'open4goods.org/workload': 'ingress-controller' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'open4goods-staging' } }, podSelector: { matchLabels: xwikiPods } }], ports: [{ port: 'http', protocol: 'TCP' }] }],
    });
    expect(apps.find((policy) => policy.metadata.name === 'ingress-controller-to-xwiki-ingress')!.spec).toEqual({
      podSelector: { matchLabels: xwikiPods },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'nginx-ingress' } }, podSelector: { matchLabels: { 'open4goods.org/workload': 'ingress-controller' } } }],
          ports: [{ port: 'http', protocol: 'TCP' }],
        },
      ],
    });
  });

  it("lets Flux's notification-controller post to Alertmanager, writing only Alertmanager's side (Flux's namespace is bootstrapped, not rendered)", () => {
    const { all } = render(platformOf(environment));
    const flux = all.filter((policy) => policy.metadata.name.startsWith('flux-notifications-to-alertmanager'));
    expect(flux.map((policy) => `${policy.metadata.namespace}/${policy.metadata.name}`)).toEqual(['observability/flux-notifications-to-alertmanager-ingress']);
    expect(flux[0]!.spec).toEqual({
      podSelector: { matchLabels: { 'open4goods.org/workload': 'alertmanager' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'flux-system' } }, podSelector: { matchLabels: { app: 'notification-controller' } } }], ports: [{ port: 'http-web', protocol: 'TCP' }] }],
    });
  });

  it("lets the ingress controller reach cert-manager's HTTP-01 solver pods in the app namespace, by the label the issuers give them", () => {
    const { apps } = render(platformOf(environment));
    expect(apps.find((policy) => policy.metadata.name === 'ingress-controller-to-acme-http01-solver-ingress')!.spec).toMatchObject({
      podSelector: { matchLabels: { 'open4goods.org/workload': 'acme-http01-solver' } },
      ingress: [{ ports: [{ port: 'http', protocol: 'TCP' }] }],
    });
  });

  it("opens Longhorn's replica port range among the instance managers as one ranged port", () => {
    const { infra } = render(platformOf(environment));
    const ranged = infra.filter((policy) => policy.metadata.name.startsWith('instance-manager-to-instance-manager-'));
    expect(ranged.map((policy) => policy.metadata.name).sort()).toEqual(['instance-manager-to-instance-manager-egress', 'instance-manager-to-instance-manager-ingress']);
    for (const policy of ranged) {
      const spec = policy.spec as { egress?: { ports: unknown[] }[]; ingress?: { ports: unknown[] }[] };
      const rules = spec.egress ?? spec.ingress!;
      expect(rules[0]!.ports).toEqual([{ port: 10000, endPort: 30000, protocol: 'TCP' }]);
    }
  });

  it('sends backups to public addresses on the port of the S3 endpoint only', () => {
    const { infra } = render(platformOf(environment));
    const egress = infra.find((policy) => policy.metadata.name === 'instance-manager-to-backup-target-egress')!;
    const [rule] = (egress.spec as { egress: { to: { ipBlock: { cidr: string; except: string[] } }[]; ports: unknown[] }[] }).egress;
    expect(rule!.ports).toEqual([{ port: 443, protocol: 'TCP' }]);
    expect(rule!.to[0]!.ipBlock.cidr).toBe('0.0.0.0/0');
    expect(rule!.to[0]!.ipBlock.except).toContain('10.0.0.0/8');
  });

  it('fails the build when a destination no longer listens on the whole range a flow opens', () => {
    const narrowed = platformOf(environment, [], undefined, (workloads) =>
      workloads.map((workload) =>
        workload.name === 'instance-manager' ? { ...workload, ports: [workload.ports[0]!, { port: 10000, endPort: 20000, protocol: 'TCP' as const }] } : workload,
      ),
    );
    expect(() => render(narrowed)).toThrow('longhorn-system/instance-manager declares no TCP port "10000-30000" (it has 8500-8504/TCP, 10000-20000/TCP)');
  });

  it('refuses a range that is not a numbered range', () => {
    const flow = (ports: { port: number | string; endPort: number }[]) => ({
      name: 'bad-range',
      reason: 'test',
      from: everyPod,
      to: workload('instance-manager', { namespace: 'longhorn-system', podLabels: { 'longhorn.io/component': 'instance-manager' } }),
      ports: ports.map((port) => ({ ...port, protocol: 'TCP' as const })),
    });
    expect(() => checkFlow(flow([{ port: 30000, endPort: 10000 }]), [], new Set())).toThrow('flow bad-range: ports');
    expect(() => checkFlow(flow([{ port: 'replicas', endPort: 30000 }]), [], new Set())).toThrow('the range replicas-30000 is not a numbered range');
  });
});
