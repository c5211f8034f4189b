import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { sharedDirectory, toolchainCommand } from '@open4goods/kit';
import { parse } from 'yaml';
import type { DeployedChart } from './charts.ts';

/**
 * Where a chart package (`.tgz`) comes from, in this order:
 * 1. the mirror: a Helm repository directory (index.yaml + archives), whose index digest the
 *    archive must match: `$O4G_CHART_MIRROR`, else the packaged charts of the reference data
 *    (`<O4G_SHARED_DIR>/reference/helm-charts`, by default ../shared beside the repository) when
 *    they are there, so every command finds them on a machine that has no chart repository;
 * 2. the cache `$O4G_CHART_CACHE` (default ~/.cache/o4g/charts), one file per repository URL,
 *    chart, version and sha256, checked against its own name before use;
 * 3. `helm pull` of exactly what the HelmRepository or OCIRepository says, stored in the cache.
 * Charts are never copied into the repository.
 */
export const chartMirrorVariable = 'O4G_CHART_MIRROR';
export const chartCacheVariable = 'O4G_CHART_CACHE';

export interface ChartPackage {
  readonly path: string;
  /** sha256 of the archive, hex. */
  readonly sha256: string;
  readonly origin: 'mirror' | 'cache' | 'pull';
}

const sha256Of = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');
const describeChart = (chart: DeployedChart) => `chart ${chart.chart} ${chart.version} (HelmRelease ${chart.release}, ${chart.repositoryUrl})`;

interface IndexEntry {
  readonly version?: string;
  readonly digest?: string;
  readonly urls?: readonly string[];
}

/** The archive the mirror's index.yaml lists for the chart, checked against the index digest; undefined when it has no such entry. */
function fromMirror(mirror: string, chart: DeployedChart): ChartPackage | undefined {
  const indexFile = join(mirror, 'index.yaml');
  if (!existsSync(indexFile)) throw new Error(`${chartMirrorVariable}=${mirror}: no index.yaml there (a chart mirror is a Helm repository directory: run \`helm repo index .\` in it)`);
  const index = parse(readFileSync(indexFile, 'utf8')) as { entries?: Record<string, IndexEntry[]> };
  const entry = index.entries?.[chart.chart]?.find((candidate) => candidate.version === chart.version);
  if (!entry) return undefined;
  const url = entry.urls?.[0];
  if (!url || /^[a-z]+:\/\//.test(url)) throw new Error(`${indexFile}: ${chart.chart} ${chart.version} must name its archive by a relative URL, got "${url}"`);
  const path = join(mirror, url);
  if (!existsSync(path)) throw new Error(`${indexFile}: ${chart.chart} ${chart.version} names ${url}, which is not in the mirror`);
  const sha256 = sha256Of(path);
  if (entry.digest && entry.digest !== sha256) {
    throw new Error(`${path}: sha256 ${sha256} differs from the digest ${entry.digest} its index.yaml records; re-index the mirror (helm repo index) or restore the archive`);
  }
  return { path, sha256, origin: 'mirror' };
}

export function chartCacheDirectory(): string {
  return process.env[chartCacheVariable] ?? join(homedir(), '.cache', 'o4g', 'charts');
}

/** `<cache>/<sha256 of the repository URL, 16 hex>/<chart>-<version>/`: same chart name from two repositories never collides. */
function cacheSlot(chart: DeployedChart): string {
  const repository = createHash('sha256').update(chart.repositoryUrl).digest('hex').slice(0, 16);
  return join(chartCacheDirectory(), repository, `${chart.chart}-${chart.version}`);
}

/** A cached archive, `sha256-<hex>.tgz`, whose bytes still hash to its name (a damaged one is dropped). */
function fromCache(chart: DeployedChart): ChartPackage | undefined {
  const slot = cacheSlot(chart);
  if (!existsSync(slot)) return undefined;
  for (const file of readdirSync(slot).filter((name) => /^sha256-[0-9a-f]{64}\.tgz$/.test(name))) {
    const path = join(slot, file);
    const sha256 = sha256Of(path);
    if (file === `sha256-${sha256}.tgz`) return { path, sha256, origin: 'cache' };
    rmSync(path);
  }
  return undefined;
}

/** The `helm pull` arguments for exactly the source the release names (classic repository or OCI registry). */
export function helmPullArguments(chart: DeployedChart, destination: string): string[] {
  const target = chart.sourceType === 'oci' ? [`oci://${chart.ociReference}`] : [chart.chart, '--repo', chart.repositoryUrl];
  return ['pull', ...target, '--version', chart.version, '--destination', destination];
}

function pullIntoCache(chart: DeployedChart): ChartPackage {
  const slot = cacheSlot(chart);
  mkdirSync(slot, { recursive: true });
  const download = mkdtempSync(join(slot, '.pull-'));
  try {
    try {
      execFileSync(toolchainCommand('helm'), helmPullArguments(chart, download), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
    } catch (error) {
      const stderr = String((error as { stderr?: string }).stderr ?? (error as Error).message).trim();
      throw new Error(
        `${describeChart(chart)}: not in the mirror (${describeMirror()}) nor the cache (${slot}), and helm pull failed: ${stderr}\n` +
          `  offline, add the package to a chart mirror and set ${chartMirrorVariable} to it (see README, "When Renovate bumps a chart")`,
      );
    }
    const [archive] = readdirSync(download).filter((name) => name.endsWith('.tgz'));
    if (!archive) throw new Error(`${describeChart(chart)}: helm pull wrote no archive into ${download}`);
    const sha256 = sha256Of(join(download, archive));
    const path = join(slot, `sha256-${sha256}.tgz`);
    renameSync(join(download, archive), path);
    return { path, sha256, origin: 'pull' };
  } finally {
    rmSync(download, { recursive: true, force: true });
  }
}

/** The mirror in use: `$O4G_CHART_MIRROR`, else the reference data's packaged charts when present. */
export function chartMirrorDirectory(): string | undefined {
  const configured = process.env[chartMirrorVariable];
  if (configured) return configured;
  const referenceCharts = join(sharedDirectory(), 'reference', 'helm-charts');
  return existsSync(join(referenceCharts, 'index.yaml')) ? referenceCharts : undefined;
}

const describeMirror = (): string => {
  const configured = process.env[chartMirrorVariable];
  if (configured) return `${chartMirrorVariable}=${configured}`;
  const mirror = chartMirrorDirectory();
  return mirror ? `${chartMirrorVariable} unset: the reference data's ${mirror}` : `${chartMirrorVariable}=unset`;
};

/** The package of a deployed chart: mirror first, then cache, then a pull into the cache. */
export function chartPackageOf(chart: DeployedChart): ChartPackage {
  if (!chart.version) throw new Error(`${describeChart(chart)}: no pinned version (spec.chart.spec.version or the OCIRepository's ref.tag)`);
  const mirror = chartMirrorDirectory();
  if (mirror) {
    const mirrored = fromMirror(mirror, chart);
    if (mirrored) return mirrored;
  }
  return fromCache(chart) ?? pullIntoCache(chart);
}
