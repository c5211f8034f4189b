import { type Environment, loadEnvironment } from '@open4goods/environments';
import { clusterIssuerOf, ingressClassName, storageClassNames } from '@open4goods/kit';
import type { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import type { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import type { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import xwiki from './index.ts';
import {
  xwikiAdminCredentialKeys,
  xwikiAdminCredentialsSecretName,
  xwikiDataClaimName,
  xwikiHttpPort,
  xwikiHttpPortName,
  xwikiSelectorLabels,
  xwikiServiceName,
} from './names.ts';
import { deploymentOf, objectOf, renderXwiki } from './testing/render.ts';

const environments = [
  { name: 'prod', fqdn: 'wiki.open4goods.org', issuer: 'letsencrypt-prod', storage: '50Gi' },
  { name: 'staging', fqdn: 'wiki.staging.open4goods.org', issuer: 'letsencrypt-staging', storage: '20Gi' },
] as const;

describe.each(environments)('XWiki objects in $name', ({ name, fqdn, issuer, storage }) => {
  const environment: Environment = loadEnvironment(name);
  const service = objectOf<Service>(environment, 'Service', xwikiServiceName);
  const ingress = objectOf<Ingress>(environment, 'Ingress', 'xwiki');
  const claim = objectOf<PersistentVolumeClaim>(environment, 'PersistentVolumeClaim', xwikiDataClaimName);

  it('puts every object in the environment namespace and validates each one', () => {
    for (const object of renderXwiki(environment)) {
      expect(object.metadata?.namespace, `${object.kind}/${object.metadata?.name}`).toBe(`open4goods-${name}`);
      expect(() => object.validate?.()).not.toThrow();
    }
  });

  describe('Service', () => {
    it('is a ClusterIP Service on 8080, named http, targeting the container port by name', () => {
      expect(service.spec?.type).toBe('ClusterIP');
      expect(service.spec?.ports).toEqual([{ name: xwikiHttpPortName, port: xwikiHttpPort, targetPort: xwikiHttpPortName, protocol: 'TCP' }]);
      expect(xwikiHttpPort).toBe(8080);
    });

    it('selects the XWiki pod, and the pod exposes the targeted port', () => {
      expect(service.spec?.selector).toEqual(xwikiSelectorLabels);
      const template = deploymentOf(environment).spec!.template;
      expect(template.metadata?.labels).toMatchObject(service.spec!.selector!);
      const ports = template.spec!.containers.flatMap((container) => container.ports ?? []);
      expect(ports.map((port) => port.name)).toContain(service.spec!.ports![0]!.targetPort);
    });
  });

  describe('Ingress', () => {
    it(`serves ${fqdn} (decisions.fqdn) through the ${ingressClassName} class to the Service's http port`, () => {
      expect(ingress.spec?.ingressClassName).toBe(ingressClassName);
      expect(ingress.spec?.ingressClassName).toBe('nginx');
      expect(ingress.spec?.rules).toEqual([
        { host: fqdn, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: xwikiServiceName, port: { name: xwikiHttpPortName } } } }] } },
      ]);
      expect(environment.decisions.fqdn.value.xwiki).toBe(fqdn);
    });

    it(`terminates TLS for ${fqdn} with a certificate from ${issuer}`, () => {
      expect(ingress.spec?.tls).toEqual([{ hosts: [fqdn], secretName: 'xwiki-tls' }]);
      expect(ingress.metadata?.annotations?.['cert-manager.io/cluster-issuer']).toBe(issuer);
      expect(clusterIssuerOf(environment)).toBe(issuer);
    });

    it('redirects HTTP to HTTPS', () => {
      expect(ingress.metadata?.annotations?.['nginx.org/ssl-redirect']).toBe('true');
    });

    it('accepts request bodies of 100 MiB, for attachments', () => {
      expect(environment.ingress.clientMaxBodySize).toBe('100m');
      expect(ingress.metadata?.annotations?.['nginx.org/client-max-body-size']).toBe(environment.ingress.clientMaxBodySize);
    });

    it('lets cert-manager solve HTTP-01 in this Ingress (the controller serves one Ingress per host)', () => {
      expect(ingress.metadata?.annotations).toMatchObject({
        'acme.cert-manager.io/http01-edit-in-place': 'true',
        'cert-manager.io/issue-temporary-certificate': 'true',
      });
    });
  });

  describe('data volume', () => {
    it(`claims ${storage} ReadWriteOnce on the general Longhorn class`, () => {
      expect(claim.spec?.accessModes).toEqual(['ReadWriteOnce']);
      expect(claim.spec?.storageClassName).toBe(storageClassNames.general);
      expect(claim.spec?.storageClassName).toBe('longhorn');
      expect(claim.spec?.resources?.requests?.storage).toBe(storage);
      expect(claim.spec?.resources?.requests?.storage).toBe(environment.xwiki.storageSize);
    });

    it('is never pruned by Flux, even when it disappears from git', () => {
      expect(claim.metadata?.annotations?.['kustomize.toolkit.fluxcd.io/prune']).toBe('disabled');
    });
  });
});

describe('the xwiki component', () => {
  it('is one apps unit "wiki" that waits for the MySQL database unit', () => {
    expect(xwiki.name).toBe('xwiki');
    expect(xwiki.layer).toBe('apps');
    expect(xwiki.units.map((unit) => ({ name: unit.name, dependsOn: unit.dependsOn }))).toEqual([{ name: 'wiki', dependsOn: ['mysql/database'] }]);
  });

  it('gives Flux more time than the startup probe needs', () => {
    expect(xwiki.units[0]!.timeout).toBe('30m');
  });

  it.each(['prod', 'staging'] as const)('declares the admin credentials Secret in %s, for the backup job', (name) => {
    const environment = loadEnvironment(name);
    expect(xwiki.secrets!(environment)).toEqual([
      {
        unit: 'wiki',
        name: xwikiAdminCredentialsSecretName,
        namespace: `open4goods-${name}`,
        description: expect.stringContaining('admin'),
        keys: [
          { name: xwikiAdminCredentialKeys.username, description: expect.any(String) },
          { name: xwikiAdminCredentialKeys.password, description: expect.any(String) },
        ],
      },
    ]);
    expect(xwikiAdminCredentialsSecretName).toBe('xwiki-admin-credentials');
  });
});
