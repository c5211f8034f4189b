import { defaultSettings } from './defaults.ts';
import { locked } from './decision.ts';
import type { EnvironmentOverrides } from './environment.ts';

/**
 * Staging: where upgrades land first and where restores are rehearsed. Its decisions are locked
 * for staging itself, so its apps run while prod's wait.
 */
export const stagingOverrides: EnvironmentOverrides = {
  // Each cluster reads its own Vault subtree through its own Kubernetes auth mount: infrastructure
  // namespaces (longhorn-system, external-dns) have the same name in every cluster.
  secrets: { kind: 'vault', clusterSecretStore: 'vault', pathPrefix: 'kubernetes/staging' },
  vault: { authMountPath: 'kubernetes-staging' },
  decisions: {
    s3: locked({ ...defaultSettings.decisions.s3.value, prefix: 'open4goods/staging', retentionDays: 14 }),
    fqdn: locked({ xwiki: 'wiki.staging.open4goods.org' }),
    recoveryObjectives: locked({ rpo: '24h', rto: '8h' }),
    restoreTestFrequency: locked('7d'),
  },
  mysql: {
    storageSize: '20Gi',
    resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } },
    innodbBufferPoolSize: '1Gi',
    maxConnections: 100,
  },
  xwiki: {
    storageSize: '20Gi',
    resources: { requests: { cpu: '500m', memory: '3Gi' }, limits: { memory: '3Gi' } },
  },
  // Staging rehearses the restore of production's latest dump (decisions.restoreTestFrequency).
  backups: { restoreTestSource: 'prod' },
  // Logs are tried in staging first; prod keeps the default (off) until their cost is known.
  observability: { logs: { enabled: true } },
};
