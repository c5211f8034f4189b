import type { Environment } from '@open4goods/environments';

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

/**
 * The CronJobs of the backups component, in the application namespace. A contract between two
 * packages: the backups package must name its CronJobs exactly so, and the observability package's
 * backup-stale and restore-test-stale alerts select them by these names (kube-state-metrics'
 * `kube_cronjob_*{cronjob="…"}`). A rename here renames both sides.
 */
export const backupCronJobNames = {
  /** The logical MySQL dump, at least once per RPO. */
  mysqlDump: 'mysql-dump',
  /** XWiki's XAR export, at least once per RPO. */
  xwikiExport: 'xwiki-export',
  /** The rehearsal that restores the latest backups and checks them, once per restore-test frequency. */
  restoreTest: 'restore-test',
} as const;
