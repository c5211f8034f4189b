import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type Document, parseAllDocuments } from 'yaml';
import { repositoryRoot } from '../testing/repository.ts';
import { git, linkNodeModules } from '../testing/repository-copy.ts';
import { loadWorkspace, environmentNamed } from '../workspace.ts';

const run = promisify(execFile);

/**
 * The one transformation the end-to-end runs apply to the committed tree, in a clone in a
 * temporary directory (never in the repository), each step what an operator of a real cluster
 * would do or what stands in for a server this machine cannot reach. Printed by every run.
 */
export const localTreeChanges = [
  "packages/environments/src/<env>.ts: the run's age key is the environment's only sops.ageRecipients (docs/runbooks/secrets.md: the cluster key)",
  'clusters/<env>/secrets/: every Secret of the contract written with `o4g secrets set` (test values), so kustomize-controller decrypts them instead of waiting for Vault',
  '`o4g build`: the tree rendered again from those inputs (the units carrying a Secret now decrypt with sops-age)',
  "every HelmRepository's spec.url: the local Helm repository serving reference/helm-charts",
  "every OCIRepository's spec.url: the same chart in the local OCI registry (plain HTTP: spec.insecure)",
  "every other GitRepository's spec.url: the local Git server, whose repository holds at the same tag the files of that forge repository's Go module",
  "every HelmRelease: a post-renderer deletes the chart's ValidatingWebhookConfigurations, MutatingWebhookConfigurations and APIServices: their servers' pods do not run (kwok), so the API server could not call them",
] as const;

/** What the registrations of servers that do not run are replaced with: nothing. */
const unservedRegistrations = [
  { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'ValidatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingWebhookConfiguration' },
  { group: 'apiregistration.k8s.io', version: 'v1', kind: 'APIService' },
] as const;

/** An OCI chart the tree pulls: pushed to the local registry as `<repository>/<name>:<tag>`. */
export interface OciChart {
  readonly name: string;
  readonly tag: string;
}

/** A repository a GitRepository of the tree reads from a forge: served by the local Git server at `localPath`. */
export interface ForgeRepository {
  readonly url: string;
  readonly tag: string;
  /** `<owner>/<name>.git` below the local Git server. */
  readonly localPath: string;
}

/** The local registry's repository the OCI charts are pushed under. */
export const ociChartRepository = 'charts';

export interface LocalTreeOptions {
  /** Where the clone goes (the run's directory: removed with it). */
  readonly parentDirectory: string;
  readonly environment: string;
  /** age1… public key of the run. */
  readonly ageRecipient: string;
  readonly helmRepositoryUrl: string;
  /** `127.0.0.1:<port>` of the local OCI registry. */
  readonly ociRegistryHost: string;
  /** `http://127.0.0.1:<port>` of the local Git server. */
  readonly gitServerUrl: string;
}

export interface LocalTree {
  /** The clone, with the changes committed on `main`. */
  readonly directory: string;
  readonly commit: string;
  /** The charts its OCIRepositories now pull from the local registry. */
  readonly ociCharts: readonly OciChart[];
  /** The repositories its GitRepositories now read from the local Git server. */
  readonly forgeRepositories: readonly ForgeRepository[];
}

/** A clone of the repository's last commit (HEAD: what the forge would serve) with `localTreeChanges` committed. */
export async function prepareLocalTree(options: LocalTreeOptions): Promise<LocalTree> {
  const directory = join(options.parentDirectory, 'gitops');
  git(repositoryRoot, 'clone', '--quiet', '--no-local', repositoryRoot, directory);
  git(directory, 'checkout', '--quiet', '-B', 'main', git(repositoryRoot, 'rev-parse', 'HEAD').trim());
  linkNodeModules(join(repositoryRoot, 'node_modules'), join(directory, 'node_modules'));

  setAgeRecipient(directory, options.environment, options.ageRecipient);
  for (const { name, pairs } of testSecrets(options.environment)) {
    await o4g(directory, ['secrets', 'set', options.environment, name, ...pairs]);
  }
  await o4g(directory, ['build', '--env', options.environment]);
  pointHelmRepositoriesAt(directory, options.helmRepositoryUrl);
  const ociCharts = pointOciRepositoriesAt(directory, options.ociRegistryHost);
  const forgeRepositories = pointGitRepositoriesAt(directory, options.gitServerUrl);
  dropUnservedRegistrations(directory);

  git(directory, 'add', '--all');
  git(directory, 'commit', '--quiet', '--message', `e2e: ${options.environment} against local servers`);
  return { directory, commit: git(directory, 'rev-parse', 'HEAD').trim(), ociCharts, forgeRepositories };
}

async function o4g(directory: string, args: readonly string[]): Promise<void> {
  try {
    await run(process.execPath, ['tools/bin/o4g.mjs', ...args], { cwd: directory, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NX_DAEMON: 'false' } });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(`o4g ${args.slice(0, 3).join(' ')} in ${directory} failed:\n${failure.stderr ?? ''}${failure.stdout ?? ''}`);
  }
}

/** Adds `sops: { ageRecipients: [key] }` to the environment's overrides, refusing if the file already sets it. */
export function setAgeRecipient(directory: string, environment: string, recipient: string): void {
  const file = join(directory, 'packages', 'environments', 'src', `${environment}.ts`);
  const source = readFileSync(file, 'utf8');
  const anchor = `export const ${environment}Overrides: EnvironmentOverrides = {\n`;
  if (!source.includes(anchor)) throw new Error(`${file}: expected "${anchor.trim()}" to add the run's age recipient`);
  if (/^\s+sops:/m.test(source)) throw new Error(`${file}: already sets sops; the run's age key would not be its recipient`);
  writeFileSync(file, source.replace(anchor, `${anchor}  sops: { ageRecipients: [${JSON.stringify(recipient)}] },\n`));
}

/** A test value for each key of each Secret of the environment's contract. */
export function testSecrets(environment: string): { name: string; pairs: string[] }[] {
  const workspace = loadWorkspace(repositoryRoot);
  const target = environmentNamed(workspace, environment);
  return workspace.components
    .flatMap((component) => component.secrets?.(target) ?? [])
    .map((requirement) => ({ name: requirement.name, pairs: requirement.keys.map((key) => `${key.name}=e2e-${requirement.name}-${key.name}`) }));
}

/** Rewrites `spec.url` of every HelmRepository of the tree to `url`. */
export function pointHelmRepositoriesAt(directory: string, url: string): string[] {
  return editDocuments(directory, 'HelmRepository', (document) => document.setIn(['spec', 'url'], url));
}

/** Points every OCIRepository at `oci://<host>/charts/<chart>` (plain HTTP) and says which charts must be there. */
export function pointOciRepositoriesAt(directory: string, host: string): OciChart[] {
  const charts: OciChart[] = [];
  editDocuments(directory, 'OCIRepository', (document, file) => {
    const url = String(document.getIn(['spec', 'url']) ?? '');
    const tag = document.getIn(['spec', 'ref', 'tag']);
    const name = url.split('/').pop();
    if (!url.startsWith('oci://') || !name || typeof tag !== 'string') throw new Error(`${file}: an OCIRepository needs spec.url oci://… and spec.ref.tag for the local registry to serve it`);
    charts.push({ name, tag });
    document.setIn(['spec', 'url'], `oci://${host}/${ociChartRepository}/${name}`);
    document.setIn(['spec', 'insecure'], true);
  });
  return charts;
}

/** Points every GitRepository of the tree at the local Git server (same path, `.git`), keeping its ref; says which repositories and tags to serve. */
export function pointGitRepositoriesAt(directory: string, gitServerUrl: string): ForgeRepository[] {
  const repositories: ForgeRepository[] = [];
  editDocuments(directory, 'GitRepository', (document, file) => {
    const url = String(document.getIn(['spec', 'url']) ?? '');
    const tag = document.getIn(['spec', 'ref', 'tag']);
    if (!/^https:\/\//.test(url) || typeof tag !== 'string') throw new Error(`${file}: a GitRepository needs an https spec.url and spec.ref.tag for the local Git server to serve it`);
    const localPath = `${new URL(url).pathname.replace(/^\/+/, '').replace(/\.git$/, '')}.git`;
    repositories.push({ url, tag, localPath });
    document.setIn(['spec', 'url'], `${gitServerUrl}/${localPath}`);
  });
  return repositories;
}

/** Appends to every HelmRelease a post-renderer patch deleting each of `unservedRegistrations`. */
export function dropUnservedRegistrations(directory: string): string[] {
  return editDocuments(directory, 'HelmRelease', (document) => {
    const patches = unservedRegistrations.map(({ group, version, kind }) => ({
      patch: JSON.stringify({ apiVersion: `${group}/${version}`, kind, metadata: { name: 'any' }, $patch: 'delete' }),
      target: { group, version, kind },
    }));
    const renderers = (document.getIn(['spec', 'postRenderers']) as { toJSON(): unknown } | undefined)?.toJSON() as object[] | undefined;
    document.setIn(['spec', 'postRenderers'], [...(renderers ?? []), { kustomize: { patches } }]);
  });
}

/** The directories of the tree Flux applies: the bases and the environments' overlays. */
const treeDirectories = ['infra', 'apps', 'policies', 'clusters'];

/** Applies `edit` to every document of `kind` in the YAML files of the tree; returns the files changed. */
function editDocuments(directory: string, kind: string, edit: (document: Document, file: string) => void): string[] {
  const changed: string[] = [];
  for (const file of yamlFiles(directory, treeDirectories.filter((name) => existsSync(join(directory, name))))) {
    const documents = parseAllDocuments(readFileSync(file, 'utf8')) as Document[];
    const matching = documents.filter((document) => document.get('kind') === kind);
    if (matching.length === 0) continue;
    for (const document of matching) edit(document, file);
    writeFileSync(file, documents.map((document) => document.toString()).join('---\n'));
    changed.push(file);
  }
  return changed;
}

function yamlFiles(root: string, directories: readonly string[]): string[] {
  return directories.flatMap((directory) =>
    (readdirSync(join(root, directory), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
      .filter((entry) => entry.isFile() && /\.ya?ml$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
}
