import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { workspaceRoot } from './workspace-file.ts';

/**
 * Upstream reference data the tests check our output against, never copied into the repository.
 * One setting says where it is: `O4G_SHARED_DIR`, by default `../shared` beside the repository
 * (the offline mirror on the project's machines). Each kind lives in its own folder under it and
 * can be fetched online from the pinned upstream artefact named here, which is what a message
 * about missing data tells the reader.
 */
export const referenceDataSetting = 'O4G_SHARED_DIR';

export function sharedDirectory(): string {
  return resolve(process.env[referenceDataSetting] || join(workspaceRoot(), '..', 'shared'));
}

/** The release of k8s.io/pod-security-admission whose test data are the Pod Security fixtures. */
export const podSecurityAdmissionModule = { path: 'k8s.io/pod-security-admission', version: 'v0.37.2', fixtureVersion: 'v1.37' } as const;

export interface ReferenceDataKind {
  /** The folder under the shared directory. */
  readonly directory: string;
  readonly what: string;
  /** Where to get it online: the pinned upstream artefact. */
  readonly online: string;
}

export const referenceDataKinds: readonly ReferenceDataKind[] = [
  {
    directory: 'reference/charts',
    what: "the charts' default values (<chart>/values.yaml, values.schema.json)",
    online: 'the same files inside each chart package: `helm pull <chart> --repo <url> --version <version>` with the repository and version of packages/*/src/charts.ts, then `tar -xzf` (versions and commits: reference/charts/VERSIONS.md)',
  },
  {
    directory: 'reference/helm-charts',
    what: 'the chart packages the HelmReleases pin (<chart>-<version>.tgz and index.yaml)',
    online: '`helm pull <chart> --repo <url> --version <version>` (an oci:// chart: `helm pull oci://<repository>/<chart> --version <version>`) for each chart of packages/*/src/charts.ts, then `helm repo index .`',
  },
  {
    directory: 'reference/crds',
    what: 'the Longhorn CRDs (longhorn-recurringjob.yaml, longhorn-backuptarget.yaml, longhorn-setting.yaml)',
    online: 'each CustomResourceDefinition, whole, from deploy/longhorn.yaml of longhorn/longhorn at the chart\'s tag (v1.12.1)',
  },
  {
    directory: 'conformance/pss',
    what: 'the Pod Security fixtures (<level>/<pass|fail>/*.yaml)',
    online: `\`go mod download -json ${podSecurityAdmissionModule.path}@${podSecurityAdmissionModule.version}\` (the Go module proxy), folder test/testdata/<level>/${podSecurityAdmissionModule.fixtureVersion}/ of the module; \`bash .ci/run setup\` downloads it`,
  },
];

/** The kind a path under the shared directory belongs to. */
export function referenceDataKindOf(relative: string): ReferenceDataKind | undefined {
  return referenceDataKinds.find((kind) => relative === kind.directory || relative.startsWith(`${kind.directory}/`));
}

/** What to tell the reader about missing data: which setting points at it and where to get it online. */
export function missingReferenceDataMessage(relative: string): string {
  const kind = referenceDataKindOf(relative);
  const online = kind ? `; online: ${kind.online}` : '';
  return `${join(sharedDirectory(), relative)} not found. Point ${referenceDataSetting} at the reference data (default: ../shared beside the repository, the offline mirror)${online}`;
}

/**
 * Whether `<shared>/<relative>` exists. A suite that needs it calls this at collection time and
 * skips with the message when it is missing; under CI=true, where the data must be there, it
 * throws, so the suite fails and says why instead of passing without checking anything.
 */
export function sharedDataAvailable(relative: string, purpose: string): boolean {
  if (existsSync(join(sharedDirectory(), relative))) return true;
  const message = `${missingReferenceDataMessage(relative)} (needed by ${purpose})`;
  if (process.env.CI === 'true') throw new Error(`required under CI=true: ${message}`);
  console.warn(`skipping ${purpose}: ${message}`);
  return false;
}

/** The Go module cache `.ci/run` and toolchain/install use (toolchain/install: GOMODCACHE). */
export function goModuleCache(): string {
  return process.env.GOMODCACHE_O4G ?? join(homedir(), '.cache', 'go', 'mod');
}

/** The test data of the pinned k8s.io/pod-security-admission module in the Go module cache, when downloaded. */
export function podSecurityModuleFixtures(): string | undefined {
  const { path, version } = podSecurityAdmissionModule;
  const directory = join(goModuleCache(), `${path}@${version}`, 'test', 'testdata');
  return existsSync(directory) ? directory : undefined;
}

/**
 * Where the Pod Security fixtures of a level and expectation are: the pinned upstream module when
 * `.ci/run setup` downloaded it (online), else `<shared>/conformance/pss` (the offline mirror),
 * else undefined after the skip message (or the CI failure) of {@link sharedDataAvailable}.
 */
export function podSecurityFixtureSource(): { readonly description: string; directory(level: string, expectation: 'pass' | 'fail'): string } | undefined {
  const module = podSecurityModuleFixtures();
  const { path, version, fixtureVersion } = podSecurityAdmissionModule;
  if (module) return { description: `${path}@${version} (Go module cache)`, directory: (level, expectation) => join(module, level, fixtureVersion, expectation) };
  if (!sharedDataAvailable('conformance/pss', 'the Pod Security conformance with the upstream fixtures')) return undefined;
  const mirror = join(sharedDirectory(), 'conformance', 'pss');
  return { description: `${mirror} (mirror)`, directory: (level, expectation) => join(mirror, level, expectation) };
}

/**
 * Keys of `values` that the chart's default values do not have: a typo there is silently ignored
 * by Helm. Maps the chart leaves open (`{}` or null by default, e.g. podLabels) accept any key.
 */
export function unknownChartValueKeys(values: unknown, defaults: unknown, path = ''): string[] {
  if (!values || typeof values !== 'object' || Array.isArray(values)) return [];
  if (defaults === null || defaults === undefined) return [];
  if (typeof defaults !== 'object' || Array.isArray(defaults)) return [path];
  if (Object.keys(defaults).length === 0) return [];
  return Object.entries(values).flatMap(([key, value]) => {
    const child = path ? `${path}.${key}` : key;
    return key in defaults ? unknownChartValueKeys(value, (defaults as Record<string, unknown>)[key], child) : [child];
  });
}
