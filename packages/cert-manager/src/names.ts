import { clusterIssuerNames } from '@open4goods/kit';

/** Names other packages rely on (NetworkPolicies, monitors, runbooks). */
export const certManagerNamespace = 'cert-manager';
export const certManagerReleaseName = 'cert-manager';
export { clusterIssuerNames };

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
