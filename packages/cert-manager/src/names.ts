import { type WorkloadPort, clusterIssuerNames, workloadPodLabels } from '@open4goods/kit';

/** Names other packages rely on (NetworkPolicies, monitors, runbooks). */
export const certManagerNamespace = 'cert-manager';
export const certManagerReleaseName = 'cert-manager';
export { clusterIssuerNames };

/** Our workload label on each of the chart's pods (the chart's podLabels keys), which NetworkPolicies select. */
export const certManagerPodLabels = {
  controller: workloadPodLabels('cert-manager-controller'),
  webhook: workloadPodLabels('cert-manager-webhook'),
  cainjector: workloadPodLabels('cert-manager-cainjector'),
  startupApiCheck: workloadPodLabels('cert-manager-startupapicheck'),
} as const;
/**
 * The HTTP-01 solver pods cert-manager starts next to the Ingress being certified (the app
 * namespace), labelled through the ClusterIssuers' solver pod template.
 */
export const acmeSolverPodLabels = workloadPodLabels('acme-http01-solver');

/** Metrics of the controller, the webhook and the CA injector (the chart names the port http-metrics). */
export const certManagerMetricsPort: WorkloadPort = { name: 'http-metrics', port: 9402, protocol: 'TCP' };
/** Where the API server calls the webhook (`webhook.securePort`, the chart's default, set explicitly). */
export const certManagerWebhookPort: WorkloadPort = { name: 'https', port: 10250, protocol: 'TCP' };
/** The HTTP-01 solver's port (cert-manager's acmesolver listens on 8089, port named http). */
export const acmeSolverPort: WorkloadPort = { name: 'http', port: 8089, protocol: 'TCP' };

export type ClusterIssuerName = (typeof clusterIssuerNames)[number];

/** Let's Encrypt's ACME directories, per ClusterIssuer. */
export const acmeDirectories: Record<ClusterIssuerName, string> = {
  'letsencrypt-staging': 'https://acme-staging-v02.api.letsencrypt.org/directory',
  'letsencrypt-prod': 'https://acme-v02.api.letsencrypt.org/directory',
};

/** The Secret in which cert-manager keeps the ACME account key of an issuer. */
export function acmeAccountKeySecretName(issuer: ClusterIssuerName): string {
  return `${issuer}-account-key`;
}

/**
 * The certificate authority behind each ClusterIssuer: the Organization its intermediates name as
 * issuer of the certificates they sign, and whether browsers trust its roots. Let's Encrypt's
 * staging hierarchy is marked "(STAGING)" and deliberately untrusted, so a staging certificate
 * can never pass for a production one.
 */
export const issuingAuthorities: Record<ClusterIssuerName, { readonly issuerOrganization: string; readonly publiclyTrusted: boolean }> = {
  'letsencrypt-staging': { issuerOrganization: "(STAGING) Let's Encrypt", publiclyTrusted: false },
  'letsencrypt-prod': { issuerOrganization: "Let's Encrypt", publiclyTrusted: true },
};
