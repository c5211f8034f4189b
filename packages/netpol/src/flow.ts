import type { PortProtocol, WorkloadPort, WorkloadSelector } from '@open4goods/kit';

/** One end of a flow. */
export type FlowEnd =
  /** Pods selected by labels in one namespace; the selector comes from the owning package's constants. */
  | { readonly kind: 'workload'; readonly name: string; readonly selector: WorkloadSelector }
  /** Every pod of every namespace the platform renders (a source only: DNS). */
  | { readonly kind: 'every-pod' }
  /** Addresses outside the pod network: the API server, the internet. */
  | { readonly kind: 'addresses'; readonly name: string; readonly cidrs: readonly string[]; readonly except?: readonly string[] };

/**
 * A port by number, or by the name the destination pods give it (renamed there, the build fails
 * here), or a numbered range up to `endPort`.
 */
export interface FlowPort {
  readonly port: number | string;
  readonly endPort?: number;
  readonly protocol: PortProtocol;
}

/**
 * One allowed connection, declared once: the egress policy in the source namespace and the
 * ingress policy in the destination namespace are both generated from it.
 */
export interface Flow {
  /** DNS label, used in the policies' names. */
  readonly name: string;
  /** Why the platform needs it, written into the policies' annotations. */
  readonly reason: string;
  readonly from: FlowEnd;
  readonly to: FlowEnd;
  readonly ports: readonly FlowPort[];
}

export const workload = (name: string, selector: WorkloadSelector): FlowEnd => ({ kind: 'workload', name, selector });
export const everyPod: FlowEnd = { kind: 'every-pod' };
export const addresses = (name: string, cidrs: readonly string[], except: readonly string[] = []): FlowEnd => ({ kind: 'addresses', name, cidrs, except });
export const tcp = (port: number | string): FlowPort => ({ port, protocol: 'TCP' });
/** The port a destination declares, by name when it has one, as a range when it is one. */
export const portOf = (port: WorkloadPort): FlowPort => ({
  port: port.name ?? port.port,
  ...(port.endPort !== undefined ? { endPort: port.endPort } : {}),
  protocol: port.protocol,
});
export const udp = (port: number | string): FlowPort => ({ port, protocol: 'UDP' });

/** Whether pods with `labels` carry every label of `selector` (a NetworkPolicy's matchLabels). */
export const labelsSelected = (selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** Every address, IPv4 and IPv6. */
export const anyAddress = ['0.0.0.0/0', '::/0'] as const;
/**
 * The public internet: everything but private, shared, link-local (cloud metadata) and loopback
 * ranges, so "to the internet" never reaches the node, the pods or the LAN.
 */
export const publicInternet = addresses('internet', anyAddress, [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '169.254.0.0/16',
  '127.0.0.0/8',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
]);
