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
