import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Environment } from '@open4goods/environments';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { renderSopsConfig, sopsConfigFile } from '../secrets/sops-config.ts';
import { decryptSecret } from '../secrets/sops-document.ts';
import { sopsSecretProblems } from '../secrets/sops-inspection.ts';
import { defaultsFixture, fixtureComponent, fixtureEnvironment, temporaryRepository } from '../testing/fixtures.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { type AgeKeyFile, ageKeygen, ageKeygenAvailable, runSops, runSopsCommandLine, sedEditor, sopsAvailable } from '../testing/sops.ts';
import type { Workspace } from '../workspace.ts';
import { runSecrets } from './secrets.ts';

/**
 * The real sops 3.13.3 (built from its Go module) on every kind of file `o4g secrets` writes, and
 * o4g on files sops wrote or edited. Flux's kustomize-controller decrypts with sops' own Go
 * library (decrypt.go calls the same stores and MAC check), so `sops -d` passing stands in for it.
 */

/** Values that break naive YAML or encodings; every one must come back byte for byte. */
const hostile: readonly (readonly [string, string])[] = [
  ['newlines', 'line 1\nline 2\n\nline 4\n'],
  ['crlf', 'first\r\nsecond\r\n'],
  ['unicode', 'é ü ß 日本語 🔑 \u00a0(no-break space) \u200b(zero width)'],
  ['large', randomBytes(768 * 1024).toString('base64')], // 1 MiB of text
  ['yes', 'yes'],
  ['no', 'no'],
  ['on', 'on'],
  ['true', 'true'],
  ['hex-1', '0x1'],
  ['hex-1f', '0x1F'],
  ['tilde', '~'],
  ['octal', '012'],
  ['null', 'null'],
  ['exponent', '1e3'],
  ['timestamp', '2026-12-03T08:40:23Z'],
  ['colon', ': x'],
  ['spaces', '  leading and trailing  '],
  ['comment', '# not a comment'],
  ['dash', '- not a list'],
  ['quotes', `"double" and 'single'`],
  ['block', '|\n  not a block'],
  ['plain', 'before'],
];

const name = 'hostile-credentials';
const secretFile = `clusters/gamma/secrets/open4goods-gamma.${name}.sops.yaml`;
const component = fixtureComponent({
  name: 'web',
  secrets: (environment) => [
    { unit: 'main', name, namespace: environment.appNamespace, description: 'values that break naive YAML', keys: hostile.map(([key]) => ({ name: key, description: key })) },
  ],
});

describe.runIf(sopsAvailable() && ageKeygenAvailable())('the real sops and the files o4g secrets writes', { timeout: 120_000 }, () => {
  let cluster: AgeKeyFile;
  let workspace: Workspace;
  /** Each kind of file o4g writes, copied aside under a path the creation rule matches. */
  const written = new Map<string, string>();
  /** The values each kind of file holds. */
  const values = new Map<string, readonly (readonly [string, string])[]>();
  const environmentWith = (recipients: readonly string[]): Environment => fixtureEnvironment('gamma', { sops: { ageRecipients: [...recipients] } });
  const writeSopsConfig = (recipients: readonly string[]) => writeFileSync(join(workspace.root, sopsConfigFile), stringify(renderSopsConfig([environmentWith(recipients)])));
  const sink = { out: () => {}, err: () => {} };
  const keep = (kind: string, holding: readonly (readonly [string, string])[]) => {
    const copy = `clusters/gamma/secrets/${kind}.sops.yaml`;
    values.set(copy, holding);
    copyFileSync(join(workspace.root, secretFile), join(workspace.root, copy));
    written.set(kind, copy);
  };
  const sopsDecrypt = (file: string, key: AgeKeyFile) => runSops(workspace.root, ['decrypt', '--output-type', 'json', file], { SOPS_AGE_KEY_FILE: key.file });
  const stringDataOf = (file: string, key: AgeKeyFile): [string, unknown][] => {
    const result = sopsDecrypt(file, key);
    expect(result.status, result.stderr).toBe(0);
    return Object.entries((JSON.parse(result.stdout) as { stringData: Record<string, unknown> }).stringData);
  };
  const expectation = (file: string, recipients: readonly string[]) => ({ file, name, namespace: 'open4goods-gamma', keys: hostile.map(([key]) => key), recipients });
  const withValue = (key: string, value: string) => hostile.map(([present, old]) => [present, present === key ? value : old] as const);

  beforeAll(async () => {
    cluster = ageKeygen();
    workspace = { root: temporaryRepository(), defaults: defaultsFixture(), environments: [environmentWith([cluster.recipient])], components: [component] };
    writeSopsConfig([cluster.recipient]);
    mkdirSync(join(workspace.root, 'clusters/gamma/secrets'), { recursive: true });
    const variables = { SOPS_AGE_KEY_FILE: cluster.file, PATH: process.env.PATH };
    // 1. `set` of a new file, every value on the command line.
    expect(await runSecrets(workspace, ['set', 'gamma', name, ...hostile.map(([key, value]) => `${key}=${value}`)], sink, { variables })).toBe(0);
    keep('set-new', hostile);
    // 2. `set` of one key in an existing file (the others are decrypted and re-encrypted).
    expect(await runSecrets(workspace, ['set', 'gamma', name, 'plain=set again'], sink, { variables })).toBe(0);
    keep('set-existing', withValue('plain', 'set again'));
    // 3. `edit`: the editor changes one value (unquoted) and leaves the hostile ones as they were shown.
    expect(await runSecrets(workspace, ['edit', 'gamma', name], sink, { variables: { ...variables, EDITOR: sedEditor('s/^"plain": "set again"$/"plain": before/') } })).toBe(0);
    keep('edit', hostile);
  }, 120_000);

  it('decrypts every kind of file o4g writes (sops -d), every value a string exactly as given', () => {
    expect([...written.keys()]).toEqual(['set-new', 'set-existing', 'edit']);
    for (const file of written.values()) for (const [index, pair] of stringDataOf(file, cluster).entries()) expect([file, ...pair]).toEqual([file, ...values.get(file)![index]!]);
  });

  it('reads the sops metadata with the types sops expects (the file o4g wrote before said lastmodified: 2026-…, a timestamp to Go)', () => {
    for (const file of written.values()) {
      const text = readFileSync(join(workspace.root, file), 'utf8');
      expect(text).toMatch(/^ {4}lastmodified: "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"$/m);
      const result = runSops(workspace.root, ['filestatus', file]);
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual({ encrypted: true });
    }
  });

  it('sops set changes one value; o4g and the build then read the file sops wrote', async () => {
    for (const file of written.values()) {
      const result = runSops(workspace.root, ['set', file, '["stringData"]["plain"]', JSON.stringify('0x1F')], { SOPS_AGE_KEY_FILE: cluster.file });
      expect(result.status, result.stderr).toBe(0);
      const text = readFileSync(join(workspace.root, file), 'utf8');
      expect((await decryptSecret(text, [cluster.identity])).stringData).toEqual(withValue('plain', '0x1F'));
      expect(sopsSecretProblems(text, expectation(file, [cluster.recipient]))).toEqual([]);
    }
  });

  it('sops edit with a scripted editor; o4g secrets edit then reads that file and sops reads what o4g wrote back', async () => {
    for (const file of written.values()) {
      const edit = runSops(workspace.root, ['edit', file], { SOPS_AGE_KEY_FILE: cluster.file, EDITOR: sedEditor('s/^    plain: .*$/    plain: "~"/') });
      expect(edit.status, edit.stderr).toBe(0);
      const text = readFileSync(join(workspace.root, file), 'utf8');
      expect(sopsSecretProblems(text, expectation(file, [cluster.recipient]))).toEqual([]);
      expect((await decryptSecret(text, [cluster.identity])).stringData).toEqual(withValue('plain', '~'));
      // o4g's own edit of the file sops wrote: the path o4g writes to is the contract's.
      copyFileSync(join(workspace.root, file), join(workspace.root, secretFile));
      const editor = sedEditor('s/^"plain": "~"$/"plain": 012/');
      expect(await runSecrets(workspace, ['edit', 'gamma', name], sink, { variables: { SOPS_AGE_KEY_FILE: cluster.file, PATH: process.env.PATH, EDITOR: editor } })).toBe(0);
      expect(stringDataOf(secretFile, cluster)).toEqual(withValue('plain', '012'));
    }
  });

  it('the build refuses a value sops stored as a number (typed unquoted in sops edit), naming the key and the fix', () => {
    const file = written.get('edit')!;
    const edit = runSops(workspace.root, ['edit', file], { SOPS_AGE_KEY_FILE: cluster.file, EDITOR: sedEditor('s/^    plain: .*$/    plain: 0x1F/') });
    expect(edit.status, edit.stderr).toBe(0);
    expect(sopsSecretProblems(readFileSync(join(workspace.root, file), 'utf8'), expectation(file, [cluster.recipient]))).toEqual([
      `${file}: has values sops stores as another type than a string, which Kubernetes refuses in a Secret: plain (int). fix: quote them in \`sops edit\` ("0x1F", not 0x1F), or set them again with \`o4g secrets set\``,
    ]);
    const repair = runSops(workspace.root, ['set', file, '["stringData"]["plain"]', '"0x1F"'], { SOPS_AGE_KEY_FILE: cluster.file });
    expect(repair.status, repair.stderr).toBe(0);
  });

  it('o4g reads a Secret that sops encrypted from scratch with the generated .sops.yaml', async () => {
    const file = 'clusters/gamma/secrets/by-sops.sops.yaml';
    const plain = { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: 'open4goods-gamma' }, type: 'Opaque', stringData: Object.fromEntries(hostile) };
    // YAML 1.1 quoting, as an operator must: sops would store an unquoted 2026-12-03T08:40:23Z as a time.
    writeFileSync(join(workspace.root, file), stringify(plain, { version: '1.1' }));
    const result = runSops(workspace.root, ['encrypt', '--in-place', file]);
    expect(result.status, result.stderr).toBe(0);
    const text = readFileSync(join(workspace.root, file), 'utf8');
    expect(sopsSecretProblems(text, expectation(file, [cluster.recipient]))).toEqual([]);
    expect((await decryptSecret(text, [cluster.identity])).stringData).toEqual(hostile);
  });

  it('rotates keys with the runbook\'s sops updatekeys line: add a recipient, then remove the old one', async () => {
    // Every `sops updatekeys` line of the runbook is this one, run here as written (for gamma, by sh, the glob included).
    const runbook = readFileSync(join(repositoryRoot, 'docs/runbooks/secrets.md'), 'utf8');
    const lines = [...runbook.matchAll(/^(sops updatekeys [^#\n]*?)\s*(?:#.*)?$/gm)].map((match) => match[1]);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lines)).toEqual(new Set(['sops updatekeys -y clusters/prod/secrets/*.sops.yaml']));
    const updatekeys = lines[0]!.replace('clusters/prod/', 'clusters/gamma/');
    const rotated = ageKeygen();
    writeSopsConfig([cluster.recipient, rotated.recipient]);
    const added = runSopsCommandLine(workspace.root, updatekeys, { SOPS_AGE_KEY_FILE: cluster.file });
    expect(added.status, added.stderr).toBe(0);
    for (const file of written.values()) {
      const text = readFileSync(join(workspace.root, file), 'utf8');
      expect(sopsSecretProblems(text, expectation(file, [cluster.recipient, rotated.recipient]))).toEqual([]);
      expect(stringDataOf(file, rotated)).toEqual(stringDataOf(file, cluster));
      expect((await decryptSecret(text, [rotated.identity])).macVerified).toBe(true);
    }
    writeSopsConfig([rotated.recipient]);
    const removed = runSopsCommandLine(workspace.root, updatekeys, { SOPS_AGE_KEY_FILE: rotated.file });
    expect(removed.status, removed.stderr).toBe(0);
    for (const file of written.values()) {
      expect(sopsSecretProblems(readFileSync(join(workspace.root, file), 'utf8'), expectation(file, [rotated.recipient]))).toEqual([]);
      expect(sopsDecrypt(file, cluster).status).not.toBe(0);
      expect(stringDataOf(file, rotated).length).toBe(hostile.length);
    }
  });
});
