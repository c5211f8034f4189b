import type { Environment } from '@open4goods/environments';
import { clusterIssuerOf } from './platform-names.ts';

/** The ingress-shim annotation: cert-manager issues the Ingress's TLS Secret from this ClusterIssuer. */
export const clusterIssuerAnnotation = 'cert-manager.io/cluster-issuer';
/** cert-manager writes a temporary self-signed certificate into the TLS Secret while it issues the real one. */
export const issueTemporaryCertificateAnnotation = 'cert-manager.io/issue-temporary-certificate';
/** The HTTP-01 challenge path is added to this Ingress instead of a second Ingress for the same host. */
export const http01EditInPlaceAnnotation = 'acme.cert-manager.io/http01-edit-in-place';

/**
 * Annotations of an application Ingress whose certificate comes from Let's Encrypt over HTTP-01,
 * served by F5's NGINX Ingress Controller:
 * - that controller refuses a second Ingress for a host another Ingress already serves, so the
 *   challenge is solved in place, on the application's own Ingress;
 * - it redirects plain HTTP to HTTPS and rejects the TLS handshake while the TLS Secret does not
 *   exist, so the Secret holds a temporary certificate during the first issuance (Let's Encrypt
 *   follows the redirect and does not check that certificate).
 */
export function tlsIngressAnnotations(environment: Environment): Record<string, string> {
  return {
    [clusterIssuerAnnotation]: clusterIssuerOf(environment),
    [issueTemporaryCertificateAnnotation]: 'true',
    [http01EditInPlaceAnnotation]: 'true',
  };
}
