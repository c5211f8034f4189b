import type { Environment } from '@open4goods/environments';
import { ingressClassName, standardLabels } from '@open4goods/kit';
import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { type ClusterIssuerName, acmeAccountKeySecretName, acmeDirectories, acmeSolverPodLabels, clusterIssuerNames } from './names.ts';

/**
 * A Let's Encrypt ClusterIssuer solving HTTP-01 through the `nginx` ingress class. Both issuers
 * exist in every cluster (staging certificates are free to test with); each environment names the
 * one its applications use (`acme.server`).
 */
export function renderClusterIssuer(environment: Environment, issuer: ClusterIssuerName): ClusterIssuer {
  return new ClusterIssuer({
    metadata: { name: issuer, labels: standardLabels({ name: issuer, component: 'certificate-issuer' }) },
    spec: {
      acme: {
        server: acmeDirectories[issuer],
        email: environment.acme.email,
        privateKeySecretRef: { name: acmeAccountKeySecretName(issuer) },
        // The solver pods carry our workload label: the ingress controller is let in by it.
        solvers: [{ http01: { ingress: { ingressClassName, podTemplate: { metadata: { labels: { ...acmeSolverPodLabels } } } } } }],
      },
    },
  });
}

export function renderClusterIssuers(environment: Environment): ClusterIssuer[] {
  return clusterIssuerNames.map((issuer) => renderClusterIssuer(environment, issuer));
}
