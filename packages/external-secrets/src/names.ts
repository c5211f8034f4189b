import { type WorkloadPort, workloadPodLabels } from '@open4goods/kit';

/**
 * Names the rest of the platform relies on: NetworkPolicies select the operator's pods by these
 * labels (passed to the chart as podLabels), Vault's Kubernetes auth role trusts this
 * ServiceAccount.
 */
export const externalSecretsNamespace = 'external-secrets';
export const externalSecretsReleaseName = 'external-secrets';
/** The controller's ServiceAccount: the identity the ClusterSecretStore logs in to Vault with. */
export const externalSecretsServiceAccountName = 'external-secrets';

/** Our workload label on each of the chart's pods (podLabels), so selectors do not depend on the chart's label scheme. */
export const externalSecretsPodLabels = {
  controller: workloadPodLabels('external-secrets-controller'),
  webhook: workloadPodLabels('external-secrets-webhook'),
  certController: workloadPodLabels('external-secrets-cert-controller'),
} as const;

/** The chart's defaults (the three metrics.listen.port, webhook.port), set explicitly in the values. */
export const externalSecretsMetricsPort: WorkloadPort = { name: 'metrics', port: 8080, protocol: 'TCP' };
/** Where the API server calls the validating webhook. */
export const externalSecretsWebhookPort: WorkloadPort = { name: 'webhook', port: 10250, protocol: 'TCP' };
