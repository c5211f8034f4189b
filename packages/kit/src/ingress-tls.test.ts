import { loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { tlsIngressAnnotations } from './ingress-tls.ts';

describe('tlsIngressAnnotations', () => {
  it("uses the ClusterIssuer of each environment: Let's Encrypt prod in prod, staging in staging", () => {
    expect(tlsIngressAnnotations(loadEnvironment('prod'))['cert-manager.io/cluster-issuer']).toBe('letsencrypt-prod');
    expect(tlsIngressAnnotations(loadEnvironment('staging'))['cert-manager.io/cluster-issuer']).toBe('letsencrypt-staging');
  });

  it('solves HTTP-01 on the application Ingress itself, with a temporary certificate during the first issuance', () => {
    expect(tlsIngressAnnotations(loadEnvironment('prod'))).toEqual({
      'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
      'cert-manager.io/issue-temporary-certificate': 'true',
      'acme.cert-manager.io/http01-edit-in-place': 'true',
    });
  });
});
