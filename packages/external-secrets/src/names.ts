/** Names other packages rely on (NetworkPolicies: egress to Vault; RBAC; runbooks). */
export const externalSecretsNamespace = 'external-secrets';
export const externalSecretsReleaseName = 'external-secrets';
/** The controller's service account (the chart names it after the release): Vault's role binds it. */
export const externalSecretsServiceAccountName = 'external-secrets';
