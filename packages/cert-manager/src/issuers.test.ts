import { ClusterIssuer } from '@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer';
import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { clusterIssuerNames, clusterIssuerOf } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import certManager from './index.ts';

function issuers(environment: Environment): Map<string, ClusterIssuer> {
  const objects = certManager.units.find((unit) => unit.name === 'issuers')!.render(environment);
  expect(objects.every((object) => object instanceof ClusterIssuer)).toBe(true);
  return new Map((objects as ClusterIssuer[]).map((issuer) => [issuer.metadata!.name!, issuer]));
}

describe.each(['prod', 'staging'] as const)('the ClusterIssuers in %s', (name) => {
  const environment = loadEnvironment(name);
  const rendered = issuers(environment);

  it('are letsencrypt-staging and letsencrypt-prod, the names of kit clusterIssuerNames', () => {
    expect([...rendered.keys()].sort()).toEqual([...clusterIssuerNames].sort());
    expect([...rendered.keys()].sort()).toEqual(['letsencrypt-prod', 'letsencrypt-staging']);
    for (const issuer of rendered.values()) expect(() => issuer.validate()).not.toThrow();
  });

  it("point at Let's Encrypt's staging and production ACME directories", () => {
    expect(rendered.get('letsencrypt-staging')!.spec?.acme?.server).toBe('https://acme-staging-v02.api.letsencrypt.org/directory');
    expect(rendered.get('letsencrypt-prod')!.spec?.acme?.server).toBe('https://acme-v02.api.letsencrypt.org/directory');
  });

  it('register with the environment e-mail, each with its own account key', () => {
    for (const [issuerName, issuer] of rendered) {
      expect(issuer.spec?.acme?.email).toBe(environment.acme.email);
      expect(issuer.spec?.acme?.privateKeySecretRef).toEqual({ name: `${issuerName}-account-key` });
    }
  });

  it('solve HTTP-01 through the nginx ingress class, with solver pods the ingress controller is let in to by their label', () => {
    for (const issuer of rendered.values()) {
      expect(issuer.spec?.acme?.solvers).toEqual([
        { http01: { ingress: { ingressClassName: 'nginx', podTemplate: { metadata: { labels: { 'open4goods.org/workload': 'acme-http01-solver' } } } } } },
      ]);
    }
  });

  it('include the issuer the environment names for its applications', () => {
    expect(rendered.has(clusterIssuerOf(environment))).toBe(true);
  });
});

describe('the issuer each environment uses', () => {
  it('is Let\u2019s Encrypt production for prod and staging for staging', () => {
    expect(clusterIssuerOf(loadEnvironment('prod'))).toBe('letsencrypt-prod');
    expect(clusterIssuerOf(loadEnvironment('staging'))).toBe('letsencrypt-staging');
  });

  it('takes another ACME e-mail from the environment', () => {
    const prod = loadEnvironment('prod');
    const other = defineEnvironment('prod', prod.sourceFile, { acme: { email: 'certificates@open4goods.org' } }, prod);
    expect(issuers(other).get('letsencrypt-prod')!.spec?.acme?.email).toBe('certificates@open4goods.org');
  });
});
