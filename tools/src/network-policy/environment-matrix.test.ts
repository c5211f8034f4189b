import { describe, expect, it } from 'vitest';
import { objectsOf } from '../engine/render.ts';
import { planBuild } from '../engine/plan.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { buildInputOf, loadWorkspace } from '../workspace.ts';
import type { PodEndpoint } from './endpoints.ts';
import { environmentMatrix } from './environment-matrix.ts';
import { formatPort } from './matrix.ts';

const workspace = loadWorkspace(repositoryRoot);
const plan = planBuild(buildInputOf(workspace));

const pod = (name: string, namespace: string, labels: Record<string, string>): PodEndpoint => ({
  kind: 'pod',
  name,
  namespace,
  labels,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
  ports: [],
});

/**
 * The one pod the render does not hold: a pod no flow names (someone's debug pod) in the app
 * namespace. Every other workload is the real one: rendered, or declared by its component from
 * its chart values.
 */
const extraPods = (appNamespace: string): PodEndpoint[] => [pod('any-other-pod', appNamespace, { app: 'debug' })];

describe.each(['prod', 'staging'] as const)('the connectivity matrix of %s', (name) => {
  const render = plan.renders.find((candidate) => candidate.environment.name === name)!;
  const environment = render.environment;
  const app = environment.appNamespace;
  const matrix = environmentMatrix(environment, objectsOf(render), workspace.components, extraPods(app));
  const lines = matrix.flows.map((flow) => `${flow.from} -> ${flow.to}: ${flow.ports.map(formatPort).join(', ')}`).sort();
  const dns = 'kube-system/kube-dns: 53/UDP (dns), 53/TCP (dns-tcp)';
  const api = 'kubernetes-api: 443/TCP, 6443/TCP';
  const podsOf = (namespace: string) => matrix.endpoints.filter((endpoint) => endpoint.kind === 'pod' && endpoint.namespace === namespace).map((endpoint) => `${namespace}/${endpoint.name}`);
  const allowed = (from: string, to: string) => matrix.flows.some((flow) => flow.from === from && flow.to === to);

  it('allows exactly the flows the platform needs, and nothing else', () => {
    // Every pod of a rendered namespace resolves names (the pods are listed by the next test);
    // Prometheus also scrapes CoreDNS, its line is below.
    const resolvers = [app, 'nginx-ingress', 'cert-manager', 'external-dns', 'external-secrets', 'longhorn-system', 'observability', 'observability-node']
      .flatMap(podsOf)
      .filter((resolver) => resolver !== 'observability/prometheus');
    // The backup CronJobs (and, in staging, the restore test) run in the app namespace; Loki and
    // Alloy only where logs are on (staging).
    const backupPods = name === 'staging' ? 3 : 2;
    // The smoke checks: MySQL CRUD, XWiki through the ingress, backups present (the network probes
    // repeat other workloads' labels and are left out of the matrix; smoke-probes.test.ts covers them).
    const smokePods = 3;
    const logPods = name === 'staging' ? 2 : 0;
    // 7 monitoring pods besides Prometheus: Alertmanager, Grafana, the operator and its two
    // admission hook Jobs, kube-state-metrics, node-exporter.
    expect(resolvers).toHaveLength(27 + backupPods + smokePods + 7 + logPods);
    expect(lines).toEqual(
      [
        ...resolvers.map((resolver) => `${resolver} -> ${dns}`),

        // The way in, and the application behind it.
        'internet -> nginx-ingress/ingress-controller: 80/TCP (http), 443/TCP (https)',
        // Any address may reach the public entry point (load balancers may hide the client's):
        // the external endpoints of the matrix are addresses like any other.
        'kubernetes-api -> nginx-ingress/ingress-controller: 80/TCP (http), 443/TCP (https)',
        'vault -> nginx-ingress/ingress-controller: 80/TCP (http), 443/TCP (https)',
        'node -> nginx-ingress/ingress-controller: 80/TCP (http), 443/TCP (https)',
        `nginx-ingress/ingress-controller -> ${app}/xwiki: 8080/TCP (http)`,
        `nginx-ingress/ingress-controller -> ${api}`,
        `${app}/xwiki -> ${app}/mysql: 3306/TCP (mysql)`,
        `${app}/xwiki -> internet: 443/TCP`,

        // Backups: the dump reads MySQL, the export calls XWiki, both upload to S3 (restores, labelled
        // as the backup they restore, take the same paths; the staging restore test fetches prod's dump).
        `${app}/mysql-backup -> ${app}/mysql: 3306/TCP (mysql)`,
        `${app}/mysql-backup -> internet: 443/TCP`,
        `${app}/xwiki-export -> ${app}/xwiki: 8080/TCP (http)`,
        `${app}/xwiki-export -> internet: 443/TCP`,
        ...(name === 'staging' ? [`${app}/mysql-restore-test -> internet: 443/TCP`] : []),

        // The smoke checks, each to what it checks: MySQL as the smoke account, XWiki through its
        // public address (or the ingress controller when the cluster routes it inside), S3.
        `${app}/smoke-mysql-crud -> ${app}/mysql: 3306/TCP (mysql)`,
        `${app}/smoke-xwiki-ingress -> internet: 443/TCP, 80/TCP`,
        `${app}/smoke-xwiki-ingress -> nginx-ingress/ingress-controller: 80/TCP (http), 443/TCP (https)`,
        `${app}/smoke-backups-present -> internet: 443/TCP`,

        // Certificates.
        `nginx-ingress/ingress-controller -> ${app}/acme-http01-solver: 8089/TCP (http)`,
        'cert-manager/cert-manager-controller -> internet: 443/TCP, 80/TCP',
        'cert-manager/cert-manager-controller -> nginx-ingress/ingress-controller: 80/TCP (http)',
        `cert-manager/cert-manager-controller -> ${api}`,
        `cert-manager/cert-manager-webhook -> ${api}`,
        `cert-manager/cert-manager-cainjector -> ${api}`,
        `cert-manager/cert-manager-startupapicheck -> ${api}`,
        'kubernetes-api -> cert-manager/cert-manager-webhook: 10250/TCP (https)',

        // DNS records.
        'external-dns/external-dns -> internet: 443/TCP',
        `external-dns/external-dns -> ${api}`,

        // Secrets.
        `external-secrets/external-secrets-controller -> ${api}`,
        'external-secrets/external-secrets-controller -> vault: 8200/TCP',
        `external-secrets/external-secrets-webhook -> ${api}`,
        `external-secrets/external-secrets-cert-controller -> ${api}`,
        'kubernetes-api -> external-secrets/external-secrets-webhook: 10250/TCP (webhook)',

        // Storage.
        'longhorn-system/longhorn-manager -> longhorn-system/longhorn-manager: 9500/TCP (manager), 9502/TCP (admission-wh), 9503/TCP (recov-backend)',
        'longhorn-system/longhorn-manager -> longhorn-system/instance-manager: 8500-8504/TCP',
        'longhorn-system/longhorn-manager -> internet: 443/TCP',
        `longhorn-system/longhorn-manager -> ${api}`,
        'longhorn-system/instance-manager -> longhorn-system/instance-manager: 10000-30000/TCP',
        'longhorn-system/instance-manager -> internet: 443/TCP',
        'longhorn-system/longhorn-ui -> longhorn-system/longhorn-manager: 9500/TCP (manager)',
        'longhorn-system/longhorn-driver-deployer -> longhorn-system/longhorn-manager: 9500/TCP (manager)',
        `longhorn-system/longhorn-driver-deployer -> ${api}`,
        'longhorn-system/longhorn-csi-plugin -> longhorn-system/longhorn-manager: 9500/TCP (manager)',
        `longhorn-system/longhorn-csi-plugin -> ${api}`,
        `longhorn-system/csi-attacher -> ${api}`,
        `longhorn-system/csi-provisioner -> ${api}`,
        `longhorn-system/csi-resizer -> ${api}`,
        `longhorn-system/csi-snapshotter -> ${api}`,
        // The chart's Helm hook Jobs (post-upgrade, pre-delete).
        `longhorn-system/longhorn-post-upgrade -> ${api}`,
        `longhorn-system/longhorn-uninstall -> ${api}`,
        'longhorn-system/recurring-job-snapshot-hourly -> longhorn-system/longhorn-manager: 9500/TCP (manager)',
        `longhorn-system/recurring-job-snapshot-hourly -> ${api}`,
        'longhorn-system/recurring-job-backup-daily -> longhorn-system/longhorn-manager: 9500/TCP (manager)',
        `longhorn-system/recurring-job-backup-daily -> ${api}`,
        'kubernetes-api -> longhorn-system/longhorn-manager: 9502/TCP (admission-wh)',

        // Metrics.
        `observability/prometheus -> ${app}/mysql: 9104/TCP (metrics)`,
        'observability/prometheus -> nginx-ingress/ingress-controller: 9113/TCP (prometheus)',
        'observability/prometheus -> cert-manager/cert-manager-controller: 9402/TCP (http-metrics)',
        'observability/prometheus -> cert-manager/cert-manager-webhook: 9402/TCP (http-metrics)',
        'observability/prometheus -> cert-manager/cert-manager-cainjector: 9402/TCP (http-metrics)',
        'observability/prometheus -> external-dns/external-dns: 7979/TCP (http)',
        'observability/prometheus -> external-secrets/external-secrets-controller: 8080/TCP (metrics)',
        'observability/prometheus -> external-secrets/external-secrets-webhook: 8080/TCP (metrics)',
        'observability/prometheus -> external-secrets/external-secrets-cert-controller: 8080/TCP (metrics)',
        'observability/prometheus -> longhorn-system/longhorn-manager: 9500/TCP (manager)',
        'observability/prometheus -> kube-system/kube-dns: 53/UDP (dns), 53/TCP (dns-tcp), 9153/TCP (metrics)',
        'observability/prometheus -> kube-system/metrics-server: 10250/TCP (https)',
        // The monitoring stack scrapes itself.
        'observability/prometheus -> observability/prometheus: 9090/TCP (http-web), 8080/TCP (reloader-web)',
        'observability/prometheus -> observability/alertmanager: 9093/TCP (http-web), 8080/TCP (reloader-web)',
        'observability/prometheus -> observability/grafana: 3000/TCP (grafana)',
        'observability/prometheus -> observability/kube-state-metrics: 8080/TCP (http)',
        'observability/prometheus -> observability/prometheus-operator: 10250/TCP (https)',
        // The kubelets (metrics, cAdvisor) and node-exporter (hostNetwork) on the node addresses.
        'observability/prometheus -> node: 10250/TCP, 9100/TCP',

        // The monitoring stack: its controllers and Prometheus' service discovery call the API, the
        // API server calls the operator's admission webhook; Grafana queries Prometheus and
        // Alertmanager, Alertmanager notifies the webhook receiver (https).
        `observability/prometheus -> ${api}`,
        `observability/prometheus-operator -> ${api}`,
        `observability/prometheus-admission-create -> ${api}`,
        `observability/prometheus-admission-patch -> ${api}`,
        `observability/kube-state-metrics -> ${api}`,
        `observability/grafana -> ${api}`,
        'kubernetes-api -> observability/prometheus-operator: 10250/TCP (https)',
        'observability/grafana -> observability/prometheus: 9090/TCP (http-web)',
        'observability/grafana -> observability/alertmanager: 9093/TCP (http-web)',
        'observability/alertmanager -> internet: 443/TCP',
        ...(name === 'staging'
          ? [
              // Logs (on in staging): Alloy reads the pods' logs through the API and pushes them to
              // Loki, Grafana queries Loki, Loki joins its own ring, Prometheus scrapes Alloy.
              `observability/alloy -> ${api}`,
              'observability/alloy -> observability/loki: 3100/TCP (http-metrics)',
              'observability/grafana -> observability/loki: 3100/TCP (http-metrics)',
              `observability/loki -> ${api}`,
              'observability/loki -> observability/loki: 9095/TCP (grpc), 7946/TCP (http-memberlist)',
              'observability/prometheus -> observability/alloy: 12345/TCP (http-metrics)',
            ]
          : []),

        // The node endpoint shares the API server's address (the nodes are the control plane):
        // what the API server may call, a node may too.
        'node -> cert-manager/cert-manager-webhook: 10250/TCP (https)',
        'node -> external-secrets/external-secrets-webhook: 10250/TCP (webhook)',
        'node -> longhorn-system/longhorn-manager: 9502/TCP (admission-wh)',
        'node -> observability/prometheus-operator: 10250/TCP (https)',
      ].sort(),
    );
  });

  it('sees the real workloads of every component, not stand-ins', () => {
    expect(podsOf(app).sort()).toEqual(
      [
        `${app}/acme-http01-solver`,
        `${app}/any-other-pod`,
        `${app}/mysql`,
        `${app}/mysql-backup`,
        ...(name === 'staging' ? [`${app}/mysql-restore-test`] : []),
        `${app}/smoke-backups-present`,
        `${app}/smoke-mysql-crud`,
        `${app}/smoke-xwiki-ingress`,
        `${app}/xwiki`,
        `${app}/xwiki-export`,
      ],
    );
    expect(podsOf('nginx-ingress')).toEqual(['nginx-ingress/ingress-controller']);
    expect(podsOf('cert-manager')).toHaveLength(4);
    expect(podsOf('external-dns')).toEqual(['external-dns/external-dns']);
    expect(podsOf('external-secrets')).toHaveLength(3);
    expect(podsOf('longhorn-system')).toHaveLength(14);
    expect(podsOf('observability').sort()).toEqual(
      [
        'observability/alertmanager',
        'observability/grafana',
        'observability/kube-state-metrics',
        'observability/prometheus',
        'observability/prometheus-admission-create',
        'observability/prometheus-admission-patch',
        'observability/prometheus-operator',
        ...(name === 'staging' ? ['observability/alloy', 'observability/loki'] : []),
      ].sort(),
    );
    expect(podsOf('observability-node')).toEqual(['observability-node/node-exporter']);
  });

  it('denies the ingress controller access to MySQL', () => {
    expect(allowed('nginx-ingress/ingress-controller', `${app}/mysql`)).toBe(false);
  });

  it('denies XWiki the Kubernetes API (it is no controller)', () => {
    expect(allowed(`${app}/xwiki`, 'kubernetes-api')).toBe(false);
  });

  it('lets nothing but XWiki, the MySQL backup (and its restores) and the CRUD smoke reach MySQL on 3306', () => {
    const intoMysqlPort = matrix.flows.filter((flow) => flow.ports.some((port) => port.port === 3306));
    expect(intoMysqlPort.map((flow) => `${flow.from} -> ${flow.to}`).sort()).toEqual([`${app}/mysql-backup -> ${app}/mysql`, `${app}/smoke-mysql-crud -> ${app}/mysql`, `${app}/xwiki -> ${app}/mysql`]);
    // Prometheus reaches the exporter sidecar's port only.
    const intoMysql = matrix.flows.filter((flow) => flow.to === `${app}/mysql`).map((flow) => `${flow.from} ${flow.ports.map((port) => port.port).join(',')}`);
    expect(intoMysql.sort()).toEqual([`${app}/mysql-backup 3306`, `${app}/smoke-mysql-crud 3306`, `${app}/xwiki 3306`, 'observability/prometheus 9104'].sort());
  });

  it('denies a pod no flow names in the app namespace everything but DNS: not XWiki, not MySQL', () => {
    const other = `${app}/any-other-pod`;
    expect(allowed(other, `${app}/xwiki`)).toBe(false);
    expect(allowed(other, `${app}/mysql`)).toBe(false);
    expect(matrix.flows.filter((flow) => flow.from === other || flow.to === other).map((flow) => flow.to)).toEqual(['kube-system/kube-dns']);
  });

  it('lets only the ingress controller and the XAR export (and its restores) reach XWiki', () => {
    expect(matrix.flows.filter((flow) => flow.to === `${app}/xwiki`).map((flow) => flow.from).sort()).toEqual(['nginx-ingress/ingress-controller', `${app}/xwiki-export`].sort());
  });

  it('lets the internet in to the ingress controller only, on HTTP and HTTPS', () => {
    expect(matrix.flows.filter((flow) => flow.from === 'internet').map((flow) => `${flow.to}: ${flow.ports.map(formatPort).join(', ')}`)).toEqual([
      'nginx-ingress/ingress-controller: 80/TCP (http), 443/TCP (https)',
    ]);
  });

  it('lets out to the internet only what needs a public API: ACME, the DNS provider, S3, the extension repositories, the alert receiver, the public wiki', () => {
    expect(
      matrix.flows
        .filter((flow) => flow.to === 'internet')
        .map((flow) => flow.from)
        .sort(),
    ).toEqual(
      [
        'cert-manager/cert-manager-controller',
        'external-dns/external-dns',
        'longhorn-system/instance-manager',
        'longhorn-system/longhorn-manager',
        `${app}/xwiki`,
        // S3: the backups and, in staging, the restore test.
        `${app}/mysql-backup`,
        `${app}/xwiki-export`,
        ...(name === 'staging' ? [`${app}/mysql-restore-test`] : []),
        `${app}/smoke-backups-present`,
        // The XWiki smoke, to the wiki's public address as users reach it.
        `${app}/smoke-xwiki-ingress`,
        // Notifications to the webhook receiver.
        'observability/alertmanager',
      ].sort(),
    );
  });

  it('lets only the controllers call the Kubernetes API, and the API server call only the webhooks', () => {
    expect(matrix.flows.filter((flow) => flow.to === 'kubernetes-api').map((flow) => flow.from)).not.toContain(`${app}/xwiki`);
    expect(matrix.flows.filter((flow) => flow.to === 'kubernetes-api').map((flow) => flow.from.split('/')[0])).not.toContain(app);
    expect(
      matrix.flows
        .filter((flow) => flow.from === 'kubernetes-api' && flow.to !== 'nginx-ingress/ingress-controller')
        .map((flow) => flow.to)
        .sort(),
    ).toEqual(['cert-manager/cert-manager-webhook', 'external-secrets/external-secrets-webhook', 'longhorn-system/longhorn-manager', 'observability/prometheus-operator']);
  });

  it("keeps Longhorn's data path among instance managers, and its API to Longhorn's own clients and Prometheus", () => {
    expect(matrix.flows.filter((flow) => flow.to === 'longhorn-system/instance-manager').map((flow) => flow.from).sort()).toEqual([
      'longhorn-system/instance-manager',
      'longhorn-system/longhorn-manager',
    ]);
    const intoManagerApi = matrix.flows.filter((flow) => flow.to === 'longhorn-system/longhorn-manager' && flow.ports.some((port) => port.port === 9500)).map((flow) => flow.from);
    expect(intoManagerApi.every((from) => from.startsWith('longhorn-system/') || from === 'observability/prometheus')).toBe(true);
  });
});
