import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { renderExternalSecret, sopsSecretFile, vaultSecretPath, type SecretRequirement } from './secrets.ts';

const requirement: SecretRequirement = {
  unit: 'database',
  name: 'mysql-credentials',
  namespace: 'open4goods-prod',
  description: 'MySQL root and xwiki passwords',
  keys: [
    { name: 'root-password', description: 'Password of the MySQL root user' },
    { name: 'password', description: 'Password of the xwiki user' },
  ],
};

describe('renderExternalSecret', () => {
  const secret = renderExternalSecret(requirement, 'vault', 'kubernetes');

  it('renders a valid external-secrets.io/v1 ExternalSecret', () => {
    expect(() => secret.validate()).not.toThrow();
    expect(secret.apiVersion).toBe('external-secrets.io/v1');
    expect(secret.kind).toBe('ExternalSecret');
    expect(secret.metadata?.name).toBe('mysql-credentials');
    expect(secret.metadata?.namespace).toBe('open4goods-prod');
  });

  it('reads one data entry per key from <prefix>/<namespace>/<name> in Vault', () => {
    expect(secret.spec?.data).toEqual([
      { secretKey: 'root-password', remoteRef: { key: 'kubernetes/open4goods-prod/mysql-credentials', property: 'root-password' } },
      { secretKey: 'password', remoteRef: { key: 'kubernetes/open4goods-prod/mysql-credentials', property: 'password' } },
    ]);
  });

  it('reads from the given ClusterSecretStore', () => {
    expect(secret.spec?.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault' });
    expect(renderExternalSecret(requirement, 'vault-2', 'p').spec?.secretStoreRef?.name).toBe('vault-2');
  });

  it('owns the target Secret and retains it when deleted', () => {
    expect(secret.spec?.target).toEqual({ name: 'mysql-credentials', creationPolicy: 'Owner', deletionPolicy: 'Retain' });
    expect(secret.spec?.refreshInterval).toBe('1h');
  });

  it('describes and labels the Secret', () => {
    expect(secret.metadata?.annotations).toEqual({ 'open4goods.org/description': 'MySQL root and xwiki passwords' });
    expect(secret.metadata?.labels).toMatchObject({ 'app.kubernetes.io/name': 'mysql-credentials', 'app.kubernetes.io/component': 'secret' });
  });

  it('uses the path prefix of an environment', () => {
    const prod = loadEnvironment('prod');
    if (prod.secrets.kind !== 'vault') throw new Error('prod is expected to read its secrets from Vault');
    const rendered = renderExternalSecret(requirement, prod.secrets.clusterSecretStore, prod.secrets.pathPrefix);
    expect(rendered.spec?.data?.[0]?.remoteRef?.key).toBe(`${prod.secrets.pathPrefix}/open4goods-prod/mysql-credentials`);
    expect(() => rendered.validate()).not.toThrow();
  });

  it('merges fixed, non-secret entries into the target through a template, and keeps secret keys from Vault', () => {
    const withEndpoint = renderExternalSecret({ ...requirement, fixedEntries: { AWS_ENDPOINTS: 'https://s3.gra.io.cloud.ovh.net' } }, 'vault', 'kubernetes');
    expect(() => withEndpoint.validate()).not.toThrow();
    expect(withEndpoint.spec?.target?.template).toEqual({ engineVersion: 'v2', mergePolicy: 'Merge', data: { AWS_ENDPOINTS: 'https://s3.gra.io.cloud.ovh.net' } });
    expect(withEndpoint.spec?.data).toEqual(secret.spec?.data);
    expect(secret.spec?.target?.template).toBeUndefined();
    expect(renderExternalSecret({ ...requirement, fixedEntries: {} }, 'vault', 'kubernetes').spec?.target?.template).toBeUndefined();
  });

  it('renders no data for a requirement without keys', () => {
    expect(renderExternalSecret({ ...requirement, keys: [] }, 'vault', 'kubernetes').spec?.data).toEqual([]);
  });
});

describe('vaultSecretPath', () => {
  it('joins prefix, namespace and name', () => {
    expect(vaultSecretPath('open4goods/staging', { name: 'xwiki-db', namespace: 'open4goods-staging' })).toBe('open4goods/staging/open4goods-staging/xwiki-db');
  });
});

describe('sopsSecretFile', () => {
  it('places the encrypted file under clusters/<env>/secrets/', () => {
    const staging = loadEnvironment('staging');
    expect(sopsSecretFile(staging, { name: 'mysql-credentials', namespace: 'open4goods-staging' })).toBe(
      'clusters/staging/secrets/open4goods-staging.mysql-credentials.sops.yaml',
    );
  });

  it('names the file after the environment, not its secret backend', () => {
    const sops = defineEnvironment('sops-test', 'test.ts', { secrets: { kind: 'sops' } });
    expect(sopsSecretFile(sops, requirement)).toBe('clusters/sops-test/secrets/open4goods-prod.mysql-credentials.sops.yaml');
  });
});
