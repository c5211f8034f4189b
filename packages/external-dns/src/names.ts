import { type WorkloadPort, workloadPodLabels } from '@open4goods/kit';

/** Names other packages rely on (NetworkPolicies: egress to the DNS provider's API; runbooks). */
export const externalDnsNamespace = 'external-dns';
export const externalDnsReleaseName = 'external-dns';
/** The Secret with the DNS provider's API credentials (declared in the secret contract). */
export const dnsCredentialsSecretName = 'external-dns-credentials';
/** Our workload label on the controller pod (the chart's podLabels), which NetworkPolicies select. */
export const externalDnsPodLabels = workloadPodLabels('external-dns');
/** The metrics port (the chart's container port `http`, 7979; `service.port` set to it explicitly). */
export const externalDnsMetricsPort: WorkloadPort = { name: 'http', port: 7979, protocol: 'TCP' };
/** Where every DNS provider's API answers (https). */
export const dnsProviderApiPort = 443;
