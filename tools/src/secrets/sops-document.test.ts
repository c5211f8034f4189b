import { spawnSync } from 'node:child_process';
import { createDecipheriv, createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decryptSops } from 'sops-age';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { type TestAgeKey, generateTestAgeKey } from '../testing/age-keys.ts';
import { decryptSecret, encryptSecret, sopsEncryptedRegex, sopsTimestamp } from './sops-document.ts';
import { inspectSopsSecret } from './sops-inspection.ts';

const secret = {
  name: 'mysql-credentials',
  namespace: 'open4goods-staging',
  // Values with YAML-significant characters, a YAML 1.1 boolean word, a multi-line value.
  stringData: [
    ['root-password', 'r00t: "quoted" # not a comment'],
    ['enabled', 'on'],
    ['tls.crt', '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'],
  ],
} as const;

/** Whether the age CLI (Debian package `age`) is here; under CI=true its absence fails the suite. */
function ageCliAvailable(): boolean {
  const available = spawnSync('age', ['--version'], { encoding: 'utf8' }).status === 0;
  if (!available && process.env.CI === 'true') throw new Error('the age CLI is required under CI=true (Debian package age, installed by .ci/run)');
  if (!available) console.warn('age not found: skipping the decryption of the data key with the reference age implementation');
  return available;
}

let cluster: TestAgeKey;
let operator: TestAgeKey;
let encrypted: string;

beforeAll(async () => {
  cluster = await generateTestAgeKey();
  operator = await generateTestAgeKey();
  encrypted = await encryptSecret(secret, { recipients: [cluster.recipient, operator.recipient], now: new Date('2026-03-04T05:06:07.891Z') });
});

describe('a SOPS Secret written by o4g', () => {
  it('keeps kind, name and namespace readable and encrypts every value', () => {
    const document = parse(encrypted);
    expect(document).toMatchObject({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mysql-credentials', namespace: 'open4goods-staging' }, type: 'Opaque' });
    expect(Object.keys(document.stringData)).toEqual(['root-password', 'enabled', 'tls.crt']);
    for (const value of Object.values(document.stringData)) expect(value).toMatch(/^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]+,iv:[A-Za-z0-9+/=]{44},tag:[A-Za-z0-9+/=]{24},type:str\]$/);
    expect(encrypted).not.toContain('r00t');
    expect(encrypted).not.toContain('MIIB');
  });

  it('carries the sops metadata sops and Flux read: one age stanza per recipient, lastmodified, mac, encrypted_regex, version', () => {
    const { sops } = parse(encrypted);
    expect(sops.age.map((stanza: { recipient: string }) => stanza.recipient)).toEqual([cluster.recipient, operator.recipient]);
    for (const stanza of sops.age) expect(stanza.enc).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+\n-----END AGE ENCRYPTED FILE-----\n$/);
    expect(sops.lastmodified).toBe('2026-03-04T05:06:07Z');
    expect(sops.mac).toMatch(/^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]{172},iv:/);
    expect(sops.encrypted_regex).toBe('^(data|stringData)$');
    expect(sops.version).toMatch(/^3\.[0-9]+\.[0-9]+$/);
    expect(inspectSopsSecret(encrypted)).toMatchObject({ keys: ['root-password', 'enabled', 'tls.crt'], plaintextKeys: [], hasMac: true, encryptedRegex: sopsEncryptedRegex });
  });

  it('is decrypted by an independent implementation (the sops-age package) with either recipient key', async () => {
    for (const key of [cluster, operator]) {
      const decrypted = (await decryptSops(encrypted, { secretKey: key.identity, fileType: 'yaml' })) as { stringData: Record<string, string>; metadata: { name: string } };
      expect(decrypted.stringData).toEqual({ 'root-password': secret.stringData[0][1], enabled: 'on', 'tls.crt': secret.stringData[2][1] });
      expect(decrypted.metadata.name).toBe('mysql-credentials');
    }
  });

  it('has a MAC that verifies: SHA-512 of every value in document order, encrypted with the data key and lastmodified', async () => {
    // Recompute it here from sops-age's plaintext, independently of the writer's code.
    const document = parse(encrypted);
    const plaintext = (await decryptSops(encrypted, { secretKey: cluster.identity, fileType: 'yaml' })) as Record<string, unknown>;
    const leaves = ['v1', 'Secret', 'mysql-credentials', 'open4goods-staging', 'Opaque', ...secret.stringData.map(([, value]) => value)];
    expect(leaves.slice(5)).toEqual(Object.values(plaintext.stringData as object).sort((a, b) => leaves.indexOf(a) - leaves.indexOf(b)));
    const expectedMac = createHash('sha512').update(leaves.join('')).digest('hex').toUpperCase();
    const dataKey = await dataKeyWithAgeEncryptionPackage(document.sops.age[0].enc, cluster.identity);
    expect(decryptSopsString(document.sops.mac, dataKey, document.sops.lastmodified)).toBe(expectedMac);
  });

  it('round-trips through decryptSecret, which verifies the MAC', async () => {
    const decrypted = await decryptSecret(encrypted, [operator.identity]);
    expect(decrypted).toEqual({ name: secret.name, namespace: secret.namespace, stringData: secret.stringData.map(([key, value]) => [key, value]), macVerified: true });
  });

  it('refuses a file whose plaintext name was changed (MAC mismatch) and a key that is not a recipient', async () => {
    await expect(decryptSecret(encrypted.replace('name: mysql-credentials', 'name: stolen-credentials'), [cluster.identity])).rejects.toThrow('MAC mismatch');
    const stranger = await generateTestAgeKey();
    await expect(decryptSecret(encrypted, [stranger.identity])).rejects.toThrow('none of the age identities opens this file');
    await expect(decryptSecret(encrypted, [])).rejects.toThrow('set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY');
  });

  it('keeps the order of keys that look like integers, which the MAC depends on', async () => {
    const numeric = { name: 'n', namespace: 'ns', stringData: [['b', '1'], ['2', '2'], ['a', '3']] } as const;
    const file = await encryptSecret(numeric, { recipients: [cluster.recipient] });
    expect(file).toContain('"2": ENC[');
    expect((await decryptSecret(file, [cluster.identity])).stringData).toEqual([['b', '1'], ['2', '2'], ['a', '3']]);
  });

  it('refuses to encrypt to nobody', async () => {
    await expect(encryptSecret(secret, { recipients: [] })).rejects.toThrow('no age recipient');
  });

  it('writes lastmodified as Go RFC3339 in UTC', () => {
    expect(sopsTimestamp(new Date('2026-12-31T23:59:59.999Z'))).toBe('2026-12-31T23:59:59Z');
  });

  describe.runIf(ageCliAvailable())('with the reference age CLI', () => {
    it('each stanza holds a 32-byte data key the age CLI decrypts with the recipient identity', async () => {
      const directory = mkdtempSync(join(tmpdir(), 'o4g-age-'));
      const stanzas = parse(encrypted).sops.age as { enc: string }[];
      const keys = [cluster, operator].map((key, index) => {
        writeFileSync(join(directory, `identity-${index}`), `${key.identity}\n`, { mode: 0o600 });
        writeFileSync(join(directory, `stanza-${index}`), stanzas[index]!.enc);
        const result = spawnSync('age', ['--decrypt', '--identity', join(directory, `identity-${index}`), join(directory, `stanza-${index}`)]);
        expect(result.status, String(result.stderr)).toBe(0);
        return result.stdout as Buffer;
      });
      expect(keys[0]!.length).toBe(32);
      expect(keys[1]!.equals(keys[0]!)).toBe(true);
      // That key opens the values: the MAC decrypts to the hash of the plaintext.
      const document = parse(encrypted);
      expect(decryptSopsString(document.sops.mac, keys[0]!, document.sops.lastmodified)).toMatch(/^[0-9A-F]{128}$/);
    });
  });
});

async function dataKeyWithAgeEncryptionPackage(armored: string, identity: string): Promise<Buffer> {
  const { Decrypter, armor } = await import('age-encryption');
  const decrypter = new Decrypter();
  decrypter.addIdentity(identity);
  return Buffer.from(await decrypter.decrypt(armor.decode(armored)));
}

/** AES-256-GCM decryption of one `ENC[…]` string, written from the SOPS format description. */
function decryptSopsString(value: string, key: Buffer, additionalData: string): string {
  const fields = Object.fromEntries(/^ENC\[AES256_GCM,(.*)\]$/.exec(value)![1]!.split(',').map((field) => field.split(':') as [string, string]));
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(fields.iv!, 'base64'));
  decipher.setAAD(Buffer.from(additionalData));
  decipher.setAuthTag(Buffer.from(fields.tag!, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(fields.data!, 'base64')), decipher.final()]).toString('utf8');
}
