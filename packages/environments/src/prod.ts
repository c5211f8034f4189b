import { defaultSettings } from './defaults.ts';
import { locked, open } from './decision.ts';
import type { EnvironmentOverrides } from './environment.ts';

/**
 * Production. Every image is pinned by digest, and the apps stay suspended in Flux until the
 * open decisions below are locked ("no prod until MySQL, S3, FQDN and RPO/RTO are locked").
 */
export const prodOverrides: EnvironmentOverrides = {
  images: { requireDigest: true },
  flux: { suspendAppsWhileDecisionsOpen: true },
  acme: { server: 'letsencrypt-prod' },
  // Each cluster reads its own Vault subtree through its own Kubernetes auth mount: infrastructure
  // namespaces (longhorn-system, external-dns) have the same name in every cluster.
  secrets: { kind: 'vault', clusterSecretStore: 'vault', pathPrefix: 'kubernetes/prod' },
  vault: { authMountPath: 'kubernetes-prod' },
  decisions: {
    mysqlVersion: locked('8.4'),
    s3: open({ ...defaultSettings.decisions.s3.value, prefix: 'open4goods/prod' }, 'Which S3 provider, bucket and retention hold the production backups?'),
    fqdn: open({ xwiki: 'wiki.open4goods.org' }, 'Which host name serves the production wiki?'),
  },
  mysql: {
    storageSize: '50Gi',
    resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '3Gi' } },
    innodbBufferPoolSize: '2Gi',
  },
  xwiki: {
    storageSize: '50Gi',
    resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } },
  },
};
