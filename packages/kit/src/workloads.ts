/** Which pods: a namespace and labels every one of them carries (what a NetworkPolicy selects). */
export interface WorkloadSelector {
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

export type PortProtocol = 'TCP' | 'UDP' | 'SCTP';

/** A port a pod listens on; `name` is what NetworkPolicies and Services may refer to it by. */
export interface WorkloadPort {
  readonly name?: string;
  readonly port: number;
  /** Last port of a range the pod listens in (Longhorn's replicas take ports in 10000-30000). */
  readonly endPort?: number;
  readonly protocol: PortProtocol;
}

/**
 * Pods a Helm chart creates, which the engine cannot see in the render: the component declares
 * them from the same constants it passes in the chart's values (release name, pod labels, ports),
 * so NetworkPolicies and the connectivity matrix can reason about them.
 */
export interface ChartWorkload extends WorkloadSelector {
  /** Short name shown in the connectivity matrix, e.g. `external-secrets-webhook`. */
  readonly name: string;
  readonly ports: readonly WorkloadPort[];
  /** Controllers and webhooks that watch or change objects through the Kubernetes API. */
  readonly callsKubernetesApi: boolean;
}
