import type { PortProtocol, WorkloadPort } from '@open4goods/kit';

/** Pods of one workload: what policies select and what listens. */
export interface PodEndpoint {
  readonly kind: 'pod';
  readonly name: string;
  readonly namespace: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Labels of the namespace, including the automatic `kubernetes.io/metadata.name`. */
  readonly namespaceLabels: Readonly<Record<string, string>>;
  readonly ports: readonly WorkloadPort[];
  /** A pod IP, when a test wants ipBlock rules to see the pod (implementation-defined upstream). */
  readonly ip?: string;
}

/** Something outside the pod network, known by an address: the internet, the API server, Vault. */
export interface ExternalEndpoint {
  readonly kind: 'external';
  readonly name: string;
  readonly ip: string;
  readonly ports: readonly WorkloadPort[];
}

export type Endpoint = PodEndpoint | ExternalEndpoint;

export interface Connection {
  readonly from: Endpoint;
  readonly to: Endpoint;
  readonly port: number;
  /**
   * A range of ports the destination listens in (Longhorn's replicas take any port of
   * 10000-30000): the connection is allowed when every port of it is.
   */
  readonly endPort?: number;
  readonly protocol: PortProtocol;
}

export const namespaceNameLabel = 'kubernetes.io/metadata.name';

export function describeEndpoint(endpoint: Endpoint): string {
  return endpoint.kind === 'pod' ? `${endpoint.namespace}/${endpoint.name}` : endpoint.name;
}
