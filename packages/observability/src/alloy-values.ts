import type { IIoK8sApiCoreV1PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { IIoK8sApiCoreV1SecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount } from 'kubernetes-models/v1/VolumeMount';

/**
 * The keys of the Grafana Alloy chart (grafana/alloy, operations/helm/charts/alloy/values.yaml)
 * this repository sets. Its values are not in shared/reference: each key was checked by hand
 * against the chart's values.yaml of 0.12.5 and its changelog up to 1.2.1 (docs/architecture.md).
 */
export interface AlloyValues {
  /** Alloy's own CRDs (PodLogs) are not used. */
  readonly crds: { readonly create: boolean };
  readonly global: { readonly podSecurityContext: IIoK8sApiCoreV1PodSecurityContext };
  readonly alloy: {
    readonly configMap: { readonly create: boolean; readonly content: string };
    /** Where Alloy keeps its write-ahead log; an emptyDir, the root filesystem is read-only. */
    readonly storagePath: string;
    /** No usage statistics sent to Grafana Labs. */
    readonly enableReporting: boolean;
    readonly mounts: { readonly varlog: boolean; readonly dockercontainers: boolean; readonly extra: readonly IIoK8sApiCoreV1VolumeMount[] };
    readonly securityContext: IIoK8sApiCoreV1SecurityContext;
    readonly resources: IIoK8sApiCoreV1ResourceRequirements;
  };
  readonly configReloader: { readonly securityContext: IIoK8sApiCoreV1SecurityContext };
  readonly controller: { readonly type: 'deployment'; readonly replicas: number; readonly podLabels: Readonly<Record<string, string>>; readonly volumes: { readonly extra: readonly IIoK8sApiCoreV1Volume[] } };
  readonly serviceMonitor: { readonly enabled: boolean };
}
