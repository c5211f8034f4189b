import type { Environment } from '@open4goods/environments';
import type { WorkloadPort, WorkloadSelector } from './workloads.ts';

/**
 * Names that one component creates and others consume (the longhorn package creates the
 * StorageClasses, the ingress package the IngressClass, cert-manager the ClusterIssuers). They live
 * here so consumers do not depend on the provider's package, and a rename happens in one place.
 */
export const storageClassNames = {
  /** Default class: 2 replicas, ext4, best-effort data locality. */
  general: 'longhorn',
  /** Databases: 3 replicas, xfs, bound where the pod is scheduled. */
  database: 'longhorn-db',
} as const;

/** Kubernetes' annotation marking the StorageClass a claim without `storageClassName` gets. */
export const defaultStorageClassAnnotation = 'storageclass.kubernetes.io/is-default-class';

export const ingressClassName = 'nginx';

/** ClusterIssuer names; an environment uses the one its `acme.server` names. */
export const clusterIssuerNames = ['letsencrypt-staging', 'letsencrypt-prod'] as const;

export function clusterIssuerOf(environment: Environment): (typeof clusterIssuerNames)[number] {
  return environment.acme.server;
}

/** Namespace of the observability component (Prometheus, Grafana, Loki). */
export const observabilityNamespace = 'observability';

/**
 * Labels of the Prometheus server pods (the Prometheus operator sets `app.kubernetes.io/name:
 * prometheus` on them). Components that expose metrics let these pods in, nothing else.
 */
export const prometheusWorkload: WorkloadSelector = { namespace: observabilityNamespace, podLabels: { 'app.kubernetes.io/name': 'prometheus' } };

/** CoreDNS as kubeadm and k3s deploy it: every pod resolves names through it. */
export const kubeDnsWorkload: WorkloadSelector = { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } };
export const kubeDnsPorts: readonly WorkloadPort[] = [
  { name: 'dns', port: 53, protocol: 'UDP' },
  { name: 'dns-tcp', port: 53, protocol: 'TCP' },
];

/**
 * A label of our own on the pods of every chart that lets us set pod labels, so NetworkPolicies
 * select them by a name we chose instead of each chart's label scheme.
 */
export const workloadLabel = 'open4goods.org/workload';

export function workloadPodLabels(name: string): Readonly<Record<string, string>> {
  return { [workloadLabel]: name };
}

/** Host and port of an http(s) URL, the scheme's default port when it names none. */
function addressOf(address: string): { readonly host: string; readonly port: number } {
  const url = new URL(address);
  return { host: url.hostname, port: url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443 };
}

/** Host and port of the Vault API of an environment (from `vault.address`, https default 443). */
export function vaultAddressOf(environment: Environment): { readonly host: string; readonly port: number } {
  return addressOf(environment.vault.address);
}

/** Host and port of the S3 endpoint backups go to (from the `s3` decision's endpoint). */
export function s3AddressOf(environment: Environment): { readonly host: string; readonly port: number } {
  return addressOf(environment.decisions.s3.value.endpoint);
}
/**
 * The CronJobs of the backups component, in the application namespace. A contract between two
 * packages: the backups package must name its CronJobs exactly so, and the observability package's
 * backup-stale and restore-test-stale alerts select them by these names (kube-state-metrics'
 * `kube_cronjob_*{cronjob="…"}`). A rename here renames both sides.
 */
export const backupCronJobNames = {
  /** The logical MySQL dump, at least once per RPO. */
  mysqlDump: 'mysql-backup',
  /** XWiki's XAR export, at least once per RPO. */
  xwikiExport: 'xwiki-export',
  /** The rehearsal that restores the latest backups and checks them, once per restore-test frequency. */
  restoreTest: 'mysql-restore-test',
} as const;

/**
 * The pods of the smoke checks (packages/smoke) carry this label, valued with the check's name;
 * the NetworkPolicies (packages/netpol) let each reach what it checks and nothing else. A contract
 * between the two packages, kept here because the smoke package derives its network probes from
 * netpol's flows and netpol must not depend on it in turn.
 */
export const smokeCheckLabel = 'open4goods.org/smoke-check';
export const smokeCheckNames = {
  /** CRUD round trips against MySQL as the smoke account. */
  mysqlCrud: 'mysql-crud',
  /** XWiki through its public host name: TLS, redirect, headers, certificate. */
  xwikiIngress: 'xwiki-ingress',
  /** The newest backups in S3 are younger than the RPO. */
  backupsPresent: 'backups-present',
} as const;
export type SmokeCheckName = (typeof smokeCheckNames)[keyof typeof smokeCheckNames];

/**
 * The NetworkPolicy probe pods of the smoke component carry this label (valued with the client they
 * stand for) besides exactly that client's labels. No policy selects it; the connectivity matrix
 * leaves these pods out, since each only repeats the label set of a workload it already shows.
 */
export const networkProbeLabel = 'open4goods.org/network-probe';

/** Selects the pods of one smoke check in the application namespace. */
export function smokeCheckWorkload(environment: Environment, check: SmokeCheckName): WorkloadSelector {
  return { namespace: environment.appNamespace, podLabels: { [smokeCheckLabel]: check } };
}
