import type { SecretRequirement } from '@open4goods/kit';
import { beforeAll, describe, expect, it } from 'vitest';
import { encryptSecret } from '../secrets/sops-document.ts';
import { type TestAgeKey, generateTestAgeKey } from '../testing/age-keys.ts';
import { fixtureEnvironment } from '../testing/fixtures.ts';
import { resolveSecrets } from './secret-sources.ts';

const requirement = (namespace: string): SecretRequirement => ({
  unit: 'database',
  name: 'db-credentials',
  namespace,
  description: 'test',
  keys: [
    { name: 'root-password', description: 'root' },
    { name: 'user-password', description: 'user' },
  ],
});

let key: TestAgeKey;
let other: TestAgeKey;
beforeAll(async () => {
  key = await generateTestAgeKey();
  other = await generateTestAgeKey();
});

const sopsEnvironment = () => fixtureEnvironment('gamma', { secrets: { kind: 'sops' }, sops: { ageRecipients: [key.recipient] } });
const vaultEnvironment = () => fixtureEnvironment('delta', { sops: { ageRecipients: [key.recipient] } });
const file = (environment: string) => `clusters/${environment}/secrets/open4goods-${environment}.db-credentials.sops.yaml`;

async function sopsFile(namespace: string, pairs: [string, string][], recipients: string[], name = 'db-credentials'): Promise<string> {
  return encryptSecret({ name, namespace, stringData: pairs }, { recipients });
}

const complete: [string, string][] = [
  ['root-password', 'a'],
  ['user-password', 'b'],
];

describe('the secret contract of an environment', () => {
  it('is met by a SOPS file with every key, encrypted to the environment recipients: the overlay includes it', async () => {
    const environment = sopsEnvironment();
    const content = await sopsFile('open4goods-gamma', complete, [key.recipient]);
    const resolved = resolveSecrets(environment, [requirement('open4goods-gamma')], 'apps/db/database', (path) => (path === file('gamma') ? content : undefined));
    expect(resolved).toEqual({ objects: [], sopsFiles: [file('gamma')], problems: [] });
  });

  it('is met by an ExternalSecret from Vault when there is no file and the backend is vault', () => {
    const resolved = resolveSecrets(vaultEnvironment(), [requirement('open4goods-delta')], 'apps/db/database', () => undefined);
    expect(resolved.problems).toEqual([]);
    expect(resolved.sopsFiles).toEqual([]);
    expect(resolved.objects.map((object) => `${object.kind}/${object.metadata?.name}`)).toEqual(['ExternalSecret/db-credentials']);
  });

  it('prefers a SOPS file over Vault when an operator committed one', async () => {
    const content = await sopsFile('open4goods-delta', complete, [key.recipient]);
    const resolved = resolveSecrets(vaultEnvironment(), [requirement('open4goods-delta')], 'apps/db/database', (path) => (path === file('delta') ? content : undefined));
    expect(resolved.objects).toEqual([]);
    expect(resolved.sopsFiles).toEqual([file('delta')]);
  });

  it('reports a missing secret with the command that creates it', () => {
    const resolved = resolveSecrets(sopsEnvironment(), [requirement('open4goods-gamma')], 'apps/db/database', () => undefined);
    expect(resolved.problems).toEqual([
      `Secret open4goods-gamma/db-credentials (keys root-password, user-password) needed by apps/db/database has no file ${file('gamma')}\n` +
        '    fix: npx o4g secrets set gamma db-credentials root-password=… user-password=…',
    ]);
  });

  it('reports a missing key', async () => {
    const content = await sopsFile('open4goods-gamma', [['root-password', 'a']], [key.recipient]);
    const resolved = resolveSecrets(sopsEnvironment(), [requirement('open4goods-gamma')], 'apps/db/database', () => content);
    expect(resolved.problems).toEqual([`${file('gamma')}: lacks the keys user-password`]);
  });

  it('rejects a plaintext Secret', () => {
    const plaintext = 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\n  namespace: open4goods-gamma\nstringData:\n  root-password: a\n  user-password: b\n';
    const resolved = resolveSecrets(sopsEnvironment(), [requirement('open4goods-gamma')], 'apps/db/database', () => plaintext);
    expect(resolved.problems).toEqual([
      `${file('gamma')}: is not encrypted (no sops metadata): a plaintext Secret must never be committed; encrypt it with \`o4g secrets set\` or \`sops --encrypt --in-place\``,
    ]);
  });

  it('rejects a value left in clear inside an encrypted file', async () => {
    const content = (await sopsFile('open4goods-gamma', complete, [key.recipient])).replace(/user-password: ENC\[[^\]]+\]/, 'user-password: hunter2');
    const resolved = resolveSecrets(sopsEnvironment(), [requirement('open4goods-gamma')], 'apps/db/database', () => content);
    expect(resolved.problems).toEqual([`${file('gamma')}: has values in clear: user-password`]);
  });

  it('rejects a file encrypted to other recipients than the environment', async () => {
    const content = await sopsFile('open4goods-gamma', complete, [other.recipient]);
    const [problem] = resolveSecrets(sopsEnvironment(), [requirement('open4goods-gamma')], 'apps/db/database', () => content).problems;
    expect(problem).toBe(
      `${file('gamma')}: is encrypted to ${other.recipient}, the environment's recipients are ${key.recipient}: re-encrypt it: sops updatekeys -y ${file('gamma')} (docs/runbooks/secrets.md)`,
    );
  });

  it('rejects a file holding another Secret', async () => {
    const content = await sopsFile('open4goods-gamma', complete, [key.recipient], 'other-credentials');
    const resolved = resolveSecrets(sopsEnvironment(), [requirement('open4goods-gamma')], 'apps/db/database', () => content);
    expect(resolved.problems).toEqual([`${file('gamma')}: is Secret open4goods-gamma/other-credentials, expected open4goods-gamma/db-credentials`]);
  });
});
