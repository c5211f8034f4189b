import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repositoryRoot } from './repository.ts';

/** One dependency as Renovate's extract report lists it. */
export interface RenovateDependency {
  readonly depName: string;
  readonly packageName?: string;
  readonly datasource?: string;
  readonly depType?: string;
  readonly currentValue?: string;
  readonly currentDigest?: string;
  readonly registryUrls?: readonly string[];
  readonly versioning?: string;
  readonly indentation?: string;
  readonly replaceString?: string;
  readonly skipReason?: string;
}

export interface RenovatePackageFile {
  readonly packageFile: string;
  readonly deps: readonly RenovateDependency[];
}

/** A dependency with the manager, file and manager settings it was extracted with. */
export interface ExtractedDependency extends RenovateDependency {
  readonly manager: string;
  readonly packageFile: string;
  /** Position among the dependencies that manager extracted from the file (Renovate's depIndex). */
  readonly depIndex: number;
  /** The custom manager's settings as the report lists them beside the file (matchStrings…). */
  readonly managerConfig: Record<string, unknown>;
}

export interface RenovateExtraction {
  readonly dependencies: readonly ExtractedDependency[];
  /** Warnings and errors Renovate logged (JSON log lines at level warn or above). */
  readonly problems: readonly string[];
}

const renovateBinary = join(repositoryRoot, 'node_modules/.bin/renovate');

// Any HTTP request Renovate makes goes to a closed loopback port and is logged as an error, so
// "no problems" also proves that extraction never reached for the network.
const unreachableProxy = 'http://127.0.0.1:9';

// Renovate logs this when the native RE2 module is not built for this Node; it then uses
// JavaScript RegExp. The "RE2 is available" test reports it on its own.
const re2FallbackMessage = 'RE2 not usable, falling back to RegExp';

/**
 * Runs `renovate --platform=local --dry-run=extract` in `directory` (which holds a renovate.json)
 * with a clean environment: no token, no global config, every HTTP request refused. In a git
 * repository Renovate reads the files `git ls-files` lists (see copyRepository for the working tree).
 */
export function renovateExtract(directory: string): RenovateExtraction {
  if (!existsSync(renovateBinary)) {
    throw new Error(`${renovateBinary} is missing: renovate is a root devDependency, run \`npm ci\``);
  }
  const workDirectory = mkdtempSync(join(tmpdir(), 'o4g-renovate-'));
  const reportPath = join(workDirectory, 'report.json');
  try {
    const result = spawnSync(
      renovateBinary,
      [
        '--platform=local',
        '--dry-run=extract',
        '--report-type=file',
        `--report-path=${reportPath}`,
        `--base-dir=${join(workDirectory, 'base')}`,
        // No token offline by design; looking up GitHub Actions (which would need one) is not extraction.
        '--github-token-warn=false',
      ],
      {
        cwd: directory,
        encoding: 'utf8',
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: workDirectory,
          LOG_LEVEL: 'warn',
          LOG_FORMAT: 'json',
          HTTP_PROXY: unreachableProxy,
          HTTPS_PROXY: unreachableProxy,
          NO_PROXY: '',
        },
      },
    );
    if (result.status !== 0 || !existsSync(reportPath)) {
      throw new Error(`renovate extract in ${directory} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8')) as {
      repositories: Record<string, { packageFiles: Record<string, RenovatePackageFile[]> }>;
    };
    const packageFiles = Object.values(report.repositories)[0]?.packageFiles ?? {};
    const dependencies = Object.entries(packageFiles).flatMap(([manager, files]) =>
      files.flatMap(({ deps, ...managerConfig }) =>
        deps.map((dependency, depIndex) => ({ ...dependency, manager, packageFile: managerConfig.packageFile, depIndex, managerConfig })),
      ),
    );
    return { dependencies, problems: problemsIn(`${result.stdout}\n${result.stderr}`) };
  } finally {
    rmSync(workDirectory, { recursive: true, force: true });
  }
}

function problemsIn(log: string): string[] {
  return log
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string; err?: { message?: string } })
    .filter((entry) => entry.level >= 40 && entry.msg !== re2FallbackMessage)
    .map((entry) => `${entry.msg}${entry.err?.message ? `: ${entry.err.message}` : ''}`);
}

/**
 * Renovate's own modules, loaded at run time by path (they ship without type declarations and
 * may move in a Renovate release), so tests check updates and package rules with the code
 * Renovate runs rather than with a copy of its logic.
 */
export interface RenovateInternals {
  /**
   * Renovate's update of one dependency in a branch (`doAutoReplace`): writes the new value into
   * `<directory>/<packageFile>`, re-extracts it to confirm, and returns the new content (null, or
   * the content unchanged, when Renovate could not confirm the update).
   */
  autoReplace(directory: string, dependency: ExtractedDependency, update: { newValue: string; newDigest?: string }): Promise<string | null>;
  /** Which engine Renovate's regular expressions use (RE2 when the native module loads). */
  regexEngineStatus: { type: 'available' | 'unavailable' | 'ignored' };
  /** The effective configuration of each dependency: defaults, presets, then the repository's rules. */
  effectiveConfigs(repositoryConfig: Record<string, unknown>, dependencies: readonly Record<string, unknown>[]): Promise<Record<string, unknown>[]>;
  /**
   * The candidate versions Renovate's lookup keeps for a dependency under its effective config
   * (`filterVersions`: newer than the current one, `allowedVersions`, stability), with the
   * dependency's versioning.
   */
  allowedUpdates(config: Record<string, unknown>, currentVersion: string, candidates: readonly string[]): string[];
}

export async function loadRenovateInternals(): Promise<RenovateInternals> {
  const load = (path: string): Promise<Record<string, unknown>> => import(`renovate/dist/${path}`) as Promise<Record<string, unknown>>;
  const global = (await load('config/global.js')) as { GlobalConfig: { set(config: object): void } };
  const autoReplace = (await load('workers/repository/update/branch/auto-replace.js')) as {
    doAutoReplace(upgrade: object, existingContent: string, reuseExistingBranch: boolean): Promise<string | null>;
  };
  const regex = (await load('util/regex.js')) as Pick<RenovateInternals, 'regexEngineStatus'>;
  const presets = (await load('config/presets/index.js')) as { resolveConfigPresets(config: object): Promise<{ config: object }> };
  const packageRules = (await load('util/package-rules/index.js')) as { applyPackageRules(config: object, stage: string): Promise<object> };
  const defaults = (await load('config/defaults.js')) as { getConfig(): object };
  const config = (await load('config/index.js')) as { mergeChildConfig(parent: object, child: object): object };
  const filter = (await load('workers/repository/process/lookup/filter.js')) as {
    filterVersions(config: object, currentVersion: string, latestVersion: string, releases: { version: string }[], versioning: object): { version: string }[];
  };
  const versionings = (await load('modules/versioning/index.js')) as { get(name: string): object };
  return {
    async autoReplace(directory, dependency, update) {
      global.GlobalConfig.set({ localDir: directory });
      const content = readFileSync(join(directory, dependency.packageFile), 'utf8');
      const upgrade = {
        ...dependency.managerConfig,
        ...dependency,
        ...update,
        isPinDigest: Boolean(update.newDigest && !dependency.currentDigest),
        autoReplaceGlobalMatch: true,
      };
      return autoReplace.doAutoReplace(upgrade, content, false);
    },
    regexEngineStatus: regex.regexEngineStatus,
    async effectiveConfigs(repositoryConfig, dependencies) {
      const { config: resolved } = await presets.resolveConfigPresets(config.mergeChildConfig(defaults.getConfig(), repositoryConfig));
      const configs: Record<string, unknown>[] = [];
      for (const dependency of dependencies) configs.push((await packageRules.applyPackageRules({ ...resolved, ...dependency }, 'update')) as Record<string, unknown>);
      return configs;
    },
    allowedUpdates(dependencyConfig, currentVersion, candidates) {
      const releases = candidates.map((version) => ({ version }));
      const versioning = versionings.get(String(dependencyConfig.versioning));
      return filter.filterVersions(dependencyConfig, currentVersion, candidates.at(-1)!, releases, versioning).map((release) => release.version);
    },
  };
}
