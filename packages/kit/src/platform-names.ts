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

/** Host and port of the Vault API of an environment (from `vault.address`, https default 443). */
export function vaultAddressOf(environment: Environment): { readonly host: string; readonly port: number } {
  const url = new URL(environment.vault.address);
  return { host: url.hostname, port: url.port ? Number(url.port) : 443 };
}
