import { describe, expect, it } from 'vitest';
import { defineEnvironment, loadDeployedEnvironments, loadEnvironment } from './load.ts';
import { fixtureFile, problemsOf } from './testing.ts';

describe('infrastructure settings of the deployed environments', () => {
  it.each(['prod', 'staging'])('%s uses OVH with an explicit sync policy, a 100m body size and a 25%% disk reservation', (name) => {
    const environment = loadEnvironment(name);
    expect(environment.dns).toEqual({ provider: 'ovh', zone: 'open4goods.org', policy: 'sync', ovhEndpoint: 'ovh-eu' });
    expect(environment.ingress.clientMaxBodySize).toBe('100m');
    expect(environment.storage.reservedPercentageForDefaultDisk).toBe(25);
  });

  it('gives each cluster its own Vault subtree and Kubernetes auth mount', () => {
    const environments = loadDeployedEnvironments();
    const prefixes = environments.map((environment) => (environment.secrets.kind === 'vault' ? environment.secrets.pathPrefix : environment.name));
    const authMounts = environments.map((environment) => environment.vault.authMountPath);
    expect(new Set(prefixes).size).toBe(environments.length);
    expect(new Set(authMounts).size).toBe(environments.length);
    expect(loadEnvironment('prod').vault).toEqual({ address: 'https://vault.open4goods.org:8200', kvMount: 'secret', authMountPath: 'kubernetes-prod', role: 'external-secrets' });
  });

  it('switches to Cloudflare with the provider field alone', () => {
    const cloudflare = defineEnvironment('fixture', fixtureFile, { dns: { provider: 'cloudflare' } });
    expect(cloudflare.dns).toMatchObject({ provider: 'cloudflare', zone: 'open4goods.org', policy: 'sync' });
  });
});

describe('infrastructure settings validation', () => {
  it.each(['upsert', 'delete', ''])('refuses the DNS policy %j', (policy) => {
    expect(problemsOf({ dns: { policy } })).toEqual([{ field: 'dns.policy', expected: '"sync", "upsert-only" or "create-only"', actual: policy }]);
  });

  it.each(['eu.api.ovh.com', 'ovh', 'ovh-fr'])('refuses the OVH endpoint %j', (ovhEndpoint) => {
    expect(problemsOf({ dns: { ovhEndpoint } })).toEqual([{ field: 'dns.ovhEndpoint', expected: 'an OVH API endpoint name such as "ovh-eu" or "ovh-ca"', actual: ovhEndpoint }]);
  });

  it.each(['ovh-ca', 'ovh-us', 'kimsufi-eu'])('accepts the OVH endpoint %j', (ovhEndpoint) => {
    expect(defineEnvironment('fixture', fixtureFile, { dns: { ovhEndpoint } }).dns.ovhEndpoint).toBe(ovhEndpoint);
  });

  it.each([-1, 91, 12.5, '25'])('refuses the disk reservation %j', (reservedPercentageForDefaultDisk) => {
    expect(problemsOf({ storage: { reservedPercentageForDefaultDisk } })).toEqual([
      { field: 'storage.reservedPercentageForDefaultDisk', expected: 'an integer percentage between 0 and 90', actual: reservedPercentageForDefaultDisk },
    ]);
  });

  it.each(['0', '100 MB', '100mb', '-1m', 100])('refuses the body size %j', (clientMaxBodySize) => {
    expect(problemsOf({ ingress: { clientMaxBodySize } })).toEqual([
      { field: 'ingress.clientMaxBodySize', expected: 'an NGINX size such as "100m" or "1g" (not 0: a limit is required)', actual: clientMaxBodySize },
    ]);
  });

  it.each(['512k', '100m', '1g', '2G'])('accepts the body size %j', (clientMaxBodySize) => {
    expect(defineEnvironment('fixture', fixtureFile, { ingress: { clientMaxBodySize } }).ingress.clientMaxBodySize).toBe(clientMaxBodySize);
  });

  it('checks the Vault address, mounts and role when secrets come from Vault', () => {
    expect(problemsOf({ vault: { address: 'http://vault:8200', kvMount: '/secret', authMountPath: 'kubernetes/', role: 'External Secrets' } })).toEqual([
      { field: 'vault.address', expected: 'an https:// URL without path, such as "https://s3.gra.io.cloud.ovh.net"', actual: 'http://vault:8200' },
      { field: 'vault.kvMount', expected: 'a Vault mount path without leading or trailing slash, such as "kubernetes-prod"', actual: '/secret' },
      { field: 'vault.authMountPath', expected: 'a Vault mount path without leading or trailing slash, such as "kubernetes-prod"', actual: 'kubernetes/' },
      { field: 'vault.role', expected: 'a lower-case DNS label such as "vault"', actual: 'External Secrets' },
    ]);
  });

  it('ignores the Vault settings when secrets come from SOPS files', () => {
    expect(defineEnvironment('fixture', fixtureFile, { secrets: { kind: 'sops' }, vault: { address: 'not used' } }).secrets.kind).toBe('sops');
  });
});
