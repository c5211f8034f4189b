/** Names other packages rely on (NetworkPolicies: egress to the DNS provider's API; runbooks). */
export const externalDnsNamespace = 'external-dns';
export const externalDnsReleaseName = 'external-dns';
/** The Secret with the DNS provider's API credentials (declared in the secret contract). */
export const dnsCredentialsSecretName = 'external-dns-credentials';
