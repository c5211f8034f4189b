import type { DnsSettings } from '@open4goods/environments';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';

/**
 * The keys of the external-dns chart 1.21 (charts/external-dns/values.yaml) this repository sets.
 * The tests check them against the chart's values.yaml and values.schema.json.
 */
export interface ExternalDnsValues {
  readonly provider: { readonly name: DnsSettings['provider'] };
  /** The provider's credentials, each from the credentials Secret. */
  readonly env: readonly IIoK8sApiCoreV1EnvVar[];
  readonly extraArgs: readonly string[];
  readonly sources: readonly ('ingress' | 'service')[];
  readonly domainFilters: readonly string[];
  /** Set explicitly: the next chart makes it required, and the default changed before. */
  readonly policy: DnsSettings['policy'];
  readonly registry: 'txt';
  /** Marks the records this cluster owns, so clusters sharing a zone never touch each other's. */
  readonly txtOwnerId: string;
  readonly serviceMonitor: { readonly enabled: boolean };
  /** Our workload label on the pod, which NetworkPolicies select. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The metrics Service port the ServiceMonitor scrapes. */
  readonly service: { readonly port: number };
}
