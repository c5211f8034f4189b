import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTestAgeKey } from '../testing/age-keys.ts';
import { git } from '../testing/repository-copy.ts';
import { sharedDirectory } from '../testing/shared.ts';
import { bootstrapFlux, kubectl } from './flux-bootstrap.ts';
import { startFluxControllers } from './flux-controllers.ts';
import { longestTimeoutChain, orderAndTimeoutProblems, readyRecords, type FluxUnitStatus, unitStatuses } from './flux-readiness.ts';
import { controllerModule, fluxControllers, fluxRelease } from './flux-release.ts';
import { startGitHttpServer } from './git-http-server.ts';
import { startHelmRepositoryServer } from './helm-repository-server.ts';
import { localTreeChanges, ociChartRepository, prepareLocalTree } from './local-tree.ts';
import { pushChart, startOciRegistry } from './oci-registry.ts';

export interface FreshInstallResult {
  readonly units: readonly FluxUnitStatus[];
  /** Seconds after the cluster entry was applied at which each unit was first Ready. */
  readonly readyAt: ReadonlyMap<string, number>;
  /** Units not Ready by the deadline, with their Ready condition. */
  readonly notReady: readonly string[];
  readonly problems: readonly string[];
  readonly report: string;
}

export interface FreshInstallOptions {
  readonly kubeconfig: string;
  readonly environment: string;
  /** Where progress lines go (one per unit as it becomes Ready). */
  readonly log: (line: string) => void;
  /** Seconds between two looks at the units. */
  readonly pollSeconds?: number;
}

/** Time the controllers add between a dependency's Ready and the dependent's next try (--requeue-dependency). */
const requeueSlackSeconds = 60;

/**
 * From an empty cluster: serve the environment's tree (the committed tree and `localTreeChanges`)
 * and the charts on loopback, start Flux, apply what `flux bootstrap` would, then watch every
 * Kustomization and HelmRelease until all are Ready or the longest chain of their timeouts ran out.
 */
export async function runFreshInstall(options: FreshInstallOptions): Promise<FreshInstallResult> {
  const scratch = mkdtempSync(join(tmpdir(), 'o4g-e2e-flux-'));
  const cleanups: (() => Promise<void> | void)[] = [() => rmSync(scratch, { recursive: true, force: true })];
  try {
    options.log(`flux ${fluxRelease}: ${fluxControllers.map((controller) => `${controller} ${controllerModule(controller).version}`).join(', ')}`);
    const key = await generateTestAgeKey();
    const charts = join(sharedDirectory(), 'reference', 'helm-charts');
    const helmRepository = await startHelmRepositoryServer(charts);
    cleanups.push(() => helmRepository.stop());
    options.log(`tree: the last commit with ${localTreeChanges.length} changes: ${localTreeChanges.join('; ')}`);
    const registry = await startOciRegistry(join(scratch, 'registry'));
    cleanups.push(() => registry.stop());
    const tree = await prepareLocalTree({ environment: options.environment, ageRecipient: key.recipient, helmRepositoryUrl: helmRepository.url, ociRegistryHost: registry.host });
    cleanups.push(() => rmSync(join(tree.directory, '..'), { recursive: true, force: true }));
    for (const chart of tree.ociCharts) {
      await pushChart(registry.host, ociChartRepository, join(charts, `${chart.name}-${chart.tag}.tgz`), join(scratch, 'helm'));
    }
    const served = join(scratch, 'git');
    mkdirSync(served);
    git(scratch, 'clone', '--quiet', '--bare', tree.directory, join(served, 'gitops.git'));
    const gitServer = await startGitHttpServer(served);
    cleanups.push(() => gitServer.stop());

    const controllers = await startFluxControllers({ kubeconfig: options.kubeconfig, directory: join(scratch, 'flux') });
    cleanups.unshift(() => controllers.stop());
    await bootstrapFlux(options.kubeconfig, { environment: options.environment, gitUrl: `${gitServer.url}/gitops.git`, ageIdentity: key.identity });
    const started = Date.now();
    const seconds = () => Math.round((Date.now() - started) / 1000);

    const readyAt = new Map<string, number>();
    let units: FluxUnitStatus[] = [];
    let deadline = Number.POSITIVE_INFINITY;
    for (;;) {
      units = unitStatuses(JSON.parse(await kubectl(options.kubeconfig, ['get', 'kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io', '--all-namespaces', '--output=json'])));
      for (const unit of units) {
        if (unit.ready && !readyAt.has(unit.id)) {
          readyAt.set(unit.id, seconds());
          options.log(`  ${String(seconds()).padStart(5)} s  Ready  ${unit.id}`);
        }
      }
      // The deadline is known once the entry Kustomization has applied every unit Kustomization.
      if (units.length > 1) deadline = Math.min(deadline, longestTimeoutChain(units) + requeueSlackSeconds * 4);
      const waiting = units.filter((unit) => !readyAt.has(unit.id) && !unit.suspended);
      if (units.length > 1 && waiting.length === 0) break;
      if (seconds() > deadline || (units.length <= 1 && seconds() > 600)) break;
      await new Promise((resolve) => setTimeout(resolve, (options.pollSeconds ?? 2) * 1000));
    }
    const notReady = units.filter((unit) => !readyAt.has(unit.id)).map((unit) => `${unit.id}${unit.suspended ? ' (suspended)' : ''}: ${unit.reason} ${unit.message}`.trim());
    const problems = orderAndTimeoutProblems(units, readyAt, requeueSlackSeconds);
    const report = [
      `${options.environment}: ${readyAt.size} of ${units.length} Flux units Ready in ${seconds()} s (deadline ${deadline} s: the longest dependsOn chain of timeouts)`,
      ...readyRecords(units, readyAt).map((record) => `  ${String(record.readyAt).padStart(5)} s  (+${String(record.took).padStart(4)} s)  ${record.id}`),
      ...notReady.map((line) => `  NOT READY  ${line}`),
      ...problems.map((line) => `  PROBLEM  ${line}`),
      ...(notReady.length > 0 ? fluxLogTails(controllers.logFile) : []),
    ].join('\n');
    return { units, readyAt, notReady, problems, report };
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

/** The controllers' last error lines, so a failed run says why without its temporary directory. */
function fluxLogTails(logFile: (controller: (typeof fluxControllers)[number]) => string): string[] {
  return fluxControllers.flatMap((controller) => {
    const errors = readFileSync(logFile(controller), 'utf8')
      .split('\n')
      .filter((line) => line.includes('"level":"error"'))
      .slice(-5);
    return errors.length > 0 ? [`  ${controller} (last errors):`, ...errors.map((line) => `    ${line.slice(0, 400)}`)] : [];
  });
}
