import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli.ts';
import { decryptSecret } from '../secrets/sops-document.ts';
import { type TestAgeKey, generateTestAgeKey } from '../testing/age-keys.ts';
import { configMapFixture, defaultsFixture, fixtureComponent, fixtureEnvironment, temporaryRepository } from '../testing/fixtures.ts';
import { repositoryRoot } from '../testing/repository.ts';
import type { Workspace } from '../workspace.ts';
import { runSecrets } from './secrets.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--root', repositoryRoot, ...argv], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

function yamlFile(content: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'o4g-pss-'));
  writeFileSync(join(directory, 'pods.yaml'), content);
  return join(directory, 'pods.yaml');
}

describe('o4g netpol <env>', () => {
  it('prints the allowed flows of the committed render per namespace, in 100 columns', async () => {
    const { code, out } = await run('netpol', 'staging');
    expect(code).toBe(0);
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(out).toMatch(/^Connectivity of staging: \d+ NetworkPolicies, \d+ endpoints, \d+ allowed flows$/m);
    const section = (title: string) => out.split('\n\n').find((block) => block.startsWith(`${title}\n`)) ?? '';
    const app = section('namespace open4goods-staging');
    expect(app).toContain('NetworkPolicies isolate all');
    expect(app).toContain('  out   mysql -> kube-system/kube-dns: 53/UDP (dns), 53/TCP (dns-tcp)\n');
    // Only XWiki, the backup and the CRUD smoke reach MySQL's port; Prometheus its exporter's.
    expect(app).toContain('        xwiki -> mysql: 3306/TCP (mysql)\n');
    expect(app).toContain('        mysql-backup -> mysql: 3306/TCP (mysql)\n');
    expect(app).toContain('        smoke-mysql-crud -> mysql: 3306/TCP (mysql)\n');
    expect(app).toMatch(/^  in    observability\/prometheus -> mysql: 9104\/TCP \(metrics\)$/m);
    expect(app.match(/-> mysql:/g)).toHaveLength(4);
    // kube-system is no namespace of the platform: no policy selects its pods, and the report says so.
    expect(section('namespace kube-system').replace(/\s+/g, ' ')).toContain('no NetworkPolicy selects its pods (metrics-server, kube-dns): Kubernetes lets them accept and open every connection.');
    expect(section('outside the pod network')).toContain('kubernetes-api -> external-secrets/external-secrets-webhook: 10250/TCP (webhook)\n');
  });

  it('needs an environment', async () => {
    expect((await run('netpol')).code).toBe(2);
  });
});

describe('o4g pss', () => {
  const restrictedPod = `apiVersion: v1
kind: Pod
metadata: {name: ok}
spec:
  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      image: app:1
      securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL]}}
`;
  const rootDeployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: apps}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: web
          image: web:1
          securityContext: {runAsUser: 0}
`;

  it('passes a restricted pod with exit 0', async () => {
    const { code, out } = await run('pss', '--level', 'restricted', yamlFile(restrictedPod));
    expect(code).toBe(0);
    expect(out).toContain('PASS');
    expect(out).toContain('Pod/ok: allowed at restricted');
    expect(out).toContain('1 pod spec checked at restricted: all allowed');
  });

  it('prints the failed controls of each pod spec and exits 1', async () => {
    const file = yamlFile(`${restrictedPod}---\n${rootDeployment}`);
    const { code, out } = await run('pss', '--level', 'restricted', file);
    expect(code).toBe(1);
    expect(out).toContain(`FAIL ${file}: Deployment/apps/web: violates restricted (allowPrivilegeEscalation, runAsNonRoot, runAsUser, seccompProfile_restricted, capabilities_restricted)`);
    expect(out).toContain('    runAsUser: container "web" sets runAsUser=0');
    expect(out).toContain('2 pod specs checked at restricted: 1 violates it');
  });

  it('judges the same Deployment allowed at baseline', async () => {
    expect((await run('pss', '--level', 'baseline', yamlFile(rootDeployment))).code).toBe(0);
  });

  it('checks the committed workloads: all restricted', async () => {
    const { code } = await run('pss', '--level', 'restricted', join(repositoryRoot, 'apps/mysql/database/statefulset-mysql.yaml'));
    expect(code).toBe(0);
  });

  it('refuses a missing or unknown level, and no file', async () => {
    expect((await run('pss', yamlFile(restrictedPod))).err).toContain('--level must be baseline or restricted, got nothing');
    expect((await run('pss', '--level', 'privileged', yamlFile(restrictedPod))).code).toBe(2);
    expect((await run('pss', '--level', 'baseline')).err).toContain('give the YAML files to check');
  });
});

describe('o4g secrets', () => {
  let key: TestAgeKey;
  let workspace: Workspace;
  const component = fixtureComponent({
    name: 'web',
    render: (environment) => [configMapFixture(environment, 'web', {})],
    secrets: (environment) => [
      {
        unit: 'main',
        name: 'web-credentials',
        namespace: environment.appNamespace,
        description: 'web credentials',
        keys: [
          { name: 'token', description: 'API token' },
          { name: 'password', description: 'admin password' },
        ],
      },
    ],
  });
  const file = 'clusters/gamma/secrets/open4goods-gamma.web-credentials.sops.yaml';

  beforeAll(async () => {
    key = await generateTestAgeKey();
    const root = temporaryRepository();
    workspace = { root, defaults: defaultsFixture(), environments: [fixtureEnvironment('gamma', { sops: { ageRecipients: [key.recipient] } })], components: [component] };
  });

  const capture = () => {
    const output = { out: '', err: '' };
    return { output, sink: { out: (text: string) => (output.out += text), err: (text: string) => (output.err += text) } };
  };

  it('set writes a SOPS file encrypted to the environment recipients, in the order of the contract', async () => {
    const { output, sink } = capture();
    expect(await runSecrets(workspace, ['set', 'gamma', 'web-credentials', 'token=t0k3n', 'password=s3cret'], sink, { variables: {} })).toBe(0);
    expect(output.out).toBe(`wrote ${file} (token, password), encrypted to 1 recipient\n`);
    const content = readFileSync(join(workspace.root, file), 'utf8');
    expect(content).not.toContain('s3cret');
    expect(parse(content).sops.age[0].recipient).toBe(key.recipient);
    expect((await decryptSecret(content, [key.identity])).stringData).toEqual([
      ['token', 't0k3n'],
      ['password', 's3cret'],
    ]);
  });

  it('set on an existing file keeps its other keys, with the age key from SOPS_AGE_KEY_FILE', async () => {
    const keyFile = join(mkdtempSync(join(tmpdir(), 'o4g-key-')), 'keys.txt');
    writeFileSync(keyFile, `# created: test\n${key.identity}\n`, { mode: 0o600 });
    const { sink } = capture();
    expect(await runSecrets(workspace, ['set', 'gamma', 'web-credentials', 'token=rotated'], sink, { variables: { SOPS_AGE_KEY_FILE: keyFile } })).toBe(0);
    const content = readFileSync(join(workspace.root, file), 'utf8');
    expect((await decryptSecret(content, [key.identity])).stringData).toEqual([
      ['token', 'rotated'],
      ['password', 's3cret'],
    ]);
    await expect(runSecrets(workspace, ['set', 'gamma', 'web-credentials', 'token=x'], sink, { variables: {} })).rejects.toThrow('keeping its other keys needs its age key');
  });

  it('edit decrypts into $EDITOR and re-encrypts what was saved', async () => {
    const { sink } = capture();
    const editor = `sed -i 's/"password": "s3cret"/"password": "edited"/'`;
    expect(await runSecrets(workspace, ['edit', 'gamma', 'web-credentials'], sink, { variables: { EDITOR: editor, SOPS_AGE_KEY: key.identity, PATH: process.env.PATH } })).toBe(0);
    const content = readFileSync(join(workspace.root, file), 'utf8');
    expect((await decryptSecret(content, [key.identity])).stringData).toEqual([
      ['token', 'rotated'],
      ['password', 'edited'],
    ]);
  });

  it('edit writes nothing when the editor fails', async () => {
    const before = readFileSync(join(workspace.root, file), 'utf8');
    const { sink } = capture();
    await expect(runSecrets(workspace, ['edit', 'gamma', 'web-credentials'], sink, { variables: { EDITOR: 'false', SOPS_AGE_KEY: key.identity, PATH: process.env.PATH } })).rejects.toThrow(
      'exited with 1: nothing written',
    );
    expect(readFileSync(join(workspace.root, file), 'utf8')).toBe(before);
  });

  it('refuses a key the contract does not declare, an unknown Secret, and an empty value', async () => {
    const { sink } = capture();
    await expect(runSecrets(workspace, ['set', 'gamma', 'web-credentials', 'tokn=x'], sink, { variables: { SOPS_AGE_KEY: key.identity } })).rejects.toThrow(
      'Secret web-credentials declares the keys token, password; tokn is not among them',
    );
    await expect(runSecrets(workspace, ['set', 'gamma', 'db', 'a=b'], sink, { variables: {} })).rejects.toThrow('no component declares a Secret "db" in gamma: expected one of web-credentials');
    await expect(runSecrets(workspace, ['set', 'gamma', 'web-credentials', 'token='], sink, { variables: { SOPS_AGE_KEY: key.identity } })).rejects.toThrow('token has an empty value');
  });

  it('warns about keys still missing', async () => {
    const root = temporaryRepository();
    mkdirSync(join(root, 'clusters'), { recursive: true });
    const { output, sink } = capture();
    await runSecrets({ ...workspace, root }, ['set', 'gamma', 'web-credentials', 'token=t'], sink, { variables: {} });
    expect(output.err).toBe('warning: web-credentials still lacks password; the build fails until they are set\n');
  });

  it('refuses to encrypt while the environment has no recipient (prod and staging today)', async () => {
    const { code, err } = await run('secrets', 'set', 'staging', 'mysql-credentials', 'root-password=x');
    expect(code).toBe(1);
    expect(err).toContain('packages/environments/src/staging.ts: sops.ageRecipients is empty, so nobody could decrypt the file.');
  });

  it('shows its usage on a wrong action', async () => {
    const { code, err } = await run('secrets', 'show', 'staging', 'mysql-credentials');
    expect(code).toBe(2);
    expect(err).toContain('o4g secrets set <env> <name> KEY=VALUE...');
  });
});
