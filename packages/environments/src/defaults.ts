import { locked, open } from './decision.ts';
import type { Complete, EnvironmentSettings } from './environment.ts';

/**
 * The settings every cluster shares. The engine renders each component with these to produce
 * the kustomize bases; prod.ts and staging.ts only state what differs.
 *
 * Every setting appears here, one without a default as `undefined` (the compiler checks it, see
 * Complete): a key this tree does not have is refused at load as unknown.
 */
export const defaultSettings: Complete<EnvironmentSettings> = {
  // No API server: the bases are never applied to a cluster by o4g.
  cluster: { nodeCount: 1, apiServer: undefined },
  images: { requireDigest: false },
  flux: { interval: '10m', timeout: '5m', suspendAppsWhileDecisionsOpen: false },
  acme: { email: 'ops@open4goods.org', server: 'letsencrypt-staging' },
  dns: { provider: 'ovh', zone: 'open4goods.org', policy: 'sync', ovhEndpoint: 'ovh-eu' },
  // A Secret is read from Vault at <pathPrefix>/<namespace>/<name> (see packages/kit/src/secrets.ts).
  secrets: { kind: 'vault', clusterSecretStore: 'vault', pathPrefix: 'kubernetes/defaults' },
  vault: { address: 'https://vault.open4goods.org:8200', kvMount: 'secret', authMountPath: 'kubernetes-defaults', role: 'external-secrets' },
  // Longhorn's own default is 30%; the node's system disk holds the OS and images as well.
  storage: { reservedPercentageForDefaultDisk: 25 },
  // XWiki attachments (office documents, images, PDFs) go through the ingress controller.
  ingress: { clientMaxBodySize: '100m' },
  // No recipient until the cluster's age key exists (docs/runbooks/secrets.md): o4g secrets refuses to encrypt to nobody.
  sops: { ageRecipients: [] },
  // The private ranges on the API ports: the control-plane nodes live there, the internet does not.
  network: { kubernetesApi: { cidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], ports: [443, 6443] } },
  access: { clusterAdminGroup: 'open4goods-operators' },
  decisions: {
    mysqlVersion: locked('8.4'),
    s3: open(
      {
        endpoint: 'https://s3.gra.io.cloud.ovh.net',
        bucket: 'open4goods-backups',
        prefix: 'open4goods/defaults',
        region: 'gra',
        encryption: { mode: 'SSE-S3' },
        retentionDays: 30,
      },
      'Which S3 provider, bucket and retention hold the backups?',
    ),
    fqdn: open({ xwiki: 'wiki.defaults.open4goods.org' }, 'Which host name serves the wiki?'),
    recoveryObjectives: open({ rpo: '24h', rto: '4h' }, 'How much data may be lost (RPO) and how long may a restore take (RTO)?'),
    restoreTestFrequency: open('7d', 'How often is a restore rehearsed in staging?'),
  },
  mysql: {
    storageSize: '50Gi',
    // No CPU limit anywhere by default: a throttled database or JVM is slower than a shared core.
    resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: undefined, memory: '2Gi' } },
    innodbBufferPoolSize: '1Gi',
    maxConnections: 151,
    database: 'xwiki',
    user: 'xwiki',
  },
  xwiki: {
    storageSize: '20Gi',
    // Memory request = limit: the heap is half of it, and the rest (metaspace, embedded Solr's
    // off-heap use, LibreOffice) must be there when the JVM asks for it.
    resources: { requests: { cpu: '500m', memory: '3Gi' }, limits: { cpu: undefined, memory: '3Gi' } },
  },
  // No restore test unless an environment names the one whose dumps it rehearses.
  backups: { scratchSize: '20Gi', restoreTestSource: undefined },
  observability: {
    prometheus: { retention: '15d', storageSize: '20Gi', resources: { requests: { cpu: '200m', memory: '1Gi' }, limits: { cpu: undefined, memory: '2Gi' } } },
    alertmanager: { storageSize: '1Gi' },
    // Loki is an option: metrics and alerts do not need it, and it costs a volume and memory.
    logs: { enabled: false, retention: '7d', storageSize: '10Gi' },
    // The webhook URL (it usually carries a token) comes from Vault: nothing secret here.
    alertReceiver: { kind: 'webhook' },
    // On from the first deploy: the cluster being down is the alert that matters most.
    heartbeat: { enabled: true, interval: '5m' },
    runbookBaseUrl: 'https://github.com/open4goods/gitops/blob/main/docs/runbooks',
    metricsServer: { kubeletInsecureTls: false },
  },
  smoke: {
    // Every write is its own commit on a replicated Longhorn volume: a few milliseconds is normal,
    // a p95 above 100 ms is what users feel as a slow wiki.
    mysqlCrud: { rows: 2000, maxP50Milliseconds: 20, maxP95Milliseconds: 100 },
    rerunAfter: '24h',
  },
};
