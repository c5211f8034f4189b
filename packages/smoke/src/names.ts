import { smokeCheckNames } from '@open4goods/kit';

/**
 * Names of the smoke component's units and objects. The Jobs' names are what `o4g smoke` and an
 * operator reading a failed reconciliation look for.
 */
export const smokeUnitNames = {
  /** The checks of the application namespace: MySQL CRUD, XWiki over the ingress, backups present. */
  checks: 'checks',
  /** NetworkPolicy probes from pods labelled as the platform's real clients, in their namespaces. */
  networkProbes: 'network-probes',
} as const;

export const smokeServiceAccountName = 'smoke';
export const smokeScriptsConfigMapName = 'smoke-scripts';

/** The Job of each check of the application namespace. */
export const smokeJobNames = {
  [smokeCheckNames.mysqlCrud]: 'smoke-mysql-crud',
  [smokeCheckNames.xwikiIngress]: 'smoke-xwiki-ingress',
  [smokeCheckNames.backupsPresent]: 'smoke-backups-present',
} as const;

/** Read-only S3 keys that may list the environment's backup prefix (the backups check). */
export const smokeS3CredentialsSecretName = 'smoke-s3-credentials';

/** Every smoke pod carries it: the probe pods cannot carry the smoke check label (they imitate other workloads). */
export const smokeJobLabel = 'open4goods.org/smoke-job';

/** The pod template annotation that changes whenever what the checks test changes (see revision.ts). */
export const checkedRevisionAnnotation = 'open4goods.org/checked-revision';

/** The uid of the smoke pods that run the curl, rclone and busybox images (nobody: they own no file). */
export const smokeUid = 65534;
