import type { IIoK8sApiCoreV1PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IIoK8sApiCoreV1SecurityContext } from 'kubernetes-models/v1/SecurityContext';
import type { NginxConfigurationEntries } from './nginx-configuration.ts';

/**
 * The keys of F5's nginx-ingress chart 2.6 (charts/nginx-ingress/values.yaml) this repository sets.
 * The tests check every key against the chart's values.yaml and the merged values against its
 * values.schema.json.
 */
export interface NginxIngressValues {
  readonly controller: {
    readonly kind: 'deployment' | 'daemonset';
    readonly replicaCount: number;
    readonly ingressClass: { readonly name: string; readonly create: boolean; readonly setAsDefaultIngress: boolean };
    readonly config: { readonly entries: NginxConfigurationEntries };
    /** Snippets would let any Ingress author inject raw NGINX configuration. */
    readonly enableSnippets: boolean;
    /** VirtualServer & co. are not used; Ingress is the only API. */
    readonly enableCustomResources: boolean;
    /** The container ports, named `http` and `https` after these keys. */
    readonly containerPort: { readonly http: number; readonly https: number };
    /** Our workload label on the controller pods, which NetworkPolicies select. */
    readonly pod: { readonly extraLabels: Readonly<Record<string, string>> };
    readonly podSecurityContext: IIoK8sApiCoreV1PodSecurityContext;
    readonly securityContext: IIoK8sApiCoreV1SecurityContext;
    /** The init container that copies /etc/nginx into an emptyDir for the read-only root filesystem. */
    readonly initContainerSecurityContext: IIoK8sApiCoreV1SecurityContext;
    readonly telemetryReporting: { readonly enable: boolean };
    /**
     * Per-response upstream latency histograms with the status `code` (NGINX sends its access log to
     * the controller over syslog): the only per-status metric of the open-source data plane, behind
     * the ingress 5xx-ratio alert and the request-rate and error panels.
     */
    readonly enableLatencyMetrics: boolean;
  };
  readonly prometheus: {
    readonly create: boolean;
    readonly port: number;
    readonly service: { readonly create: boolean };
    readonly serviceMonitor: { readonly create: boolean };
  };
}
