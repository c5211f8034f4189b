import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { generateTestAgeKey } from '../testing/age-keys.ts';
import { git } from '../testing/repository-copy.ts';
import { sharedDirectory } from '../testing/shared.ts';
import { applyClusterEntry, installFluxPrerequisites } from './flux-bootstrap.ts';
import { startFluxControllers } from './flux-controllers.ts';
import { type FluxUnitStatus, longestTimeoutChain, orderAndTimeoutProblems, readyRecords, unitStatuses } from './flux-readiness.ts';
import { controllerModule, fluxControllers, fluxRelease } from './flux-release.ts';
import { goModulePathOf, mirrorGoModuleTag } from './git-mirror.ts';
import { startGitHttpServer } from './git-http-server.ts';
import { startHelmRepositoryServer } from './helm-repository-server.ts';
import { kubectlOk } from './kubectl.ts';
import { localTreeChanges, ociChartRepository, prepareLocalTree } from './local-tree.ts';
import { pushChart, startOciRegistry } from './oci-registry.ts';
import type { RunningProgram } from './processes.ts';
import { createRunDirectory } from './run-directory.ts';
import { startVolumeProvisioner } from './volume-provisioner.ts';

export interface FreshInstallResult {
  readonly units: readonly FluxUnitStatus[];
  /** Seconds after the cluster entry was applied at which each unit was first Ready. */
  readonly readyAt: ReadonlyMap<string, number>;
  /** Units not Ready at the end, with their Ready condition. */
  readonly notReady: readonly string[];
  /** dependsOn order and timeout violations. */
  readonly problems: readonly string[];
  /** The order and time of each unit, then what is not Ready and why. */
  readonly report: string;
}

export interface FreshInstallOptions {
  readonly kubeconfig: string;
  readonly environment: string;
  /** Progress lines: the versions, the tree's changes, each unit as it becomes Ready. */
  readonly log: (line: string) => void;
}

/** What the controllers add between a dependency's Ready and the dependent's next try (their requeue of a unit waiting on a dependency, 30 s, and of a failed health check). */
const requeueSlackSeconds = 60;

/** What the harness does in the cluster in place of a component whose pods do not run (kwok). */
export const harnessStandIns = [
  "PersistentVolumes: each pending claim gets a volume of its size, class and access modes reserved for it (Longhorn's provisioner does not run), so its pods can be scheduled",
] as const;

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * From an empty cluster: serve the environment's tree (the last commit with `localTreeChanges`) and
 * the charts on loopback, start Flux, apply what `flux bootstrap` would, then watch every
 * Kustomization and HelmRelease until all are Ready or the longest chain of their timeouts ran out.
 */
export async function runFreshInstall(options: FreshInstallOptions): Promise<FreshInstallResult> {
  const run = createRunDirectory('o4g-e2e-flux-');
  // The in-process servers and the provisioner loop; the programs end with the run directory.
  const stops: (() => Promise<void>)[] = [];
  try {
    options.log(`flux ${fluxRelease}: ${fluxControllers.map((controller) => `${controller} ${controllerModule(controller).version}`).join(', ')}`);
    const key = await generateTestAgeKey();
    const charts = join(sharedDirectory(), 'reference', 'helm-charts');
    const helmRepository = await startHelmRepositoryServer(charts);
    stops.push(() => helmRepository.stop());
    const registry = await startOciRegistry(run);
    const served = join(run.path, 'git');
    mkdirSync(served);
    const gitServer = await startGitHttpServer(served);
    stops.push(() => gitServer.stop());

    options.log(`tree: the last commit, changed in a clone (${localTreeChanges.length} listed changes):\n${localTreeChanges.map((change) => `  - ${change}`).join('\n')}`);
    const tree = await prepareLocalTree({
      parentDirectory: run.path,
      environment: options.environment,
      ageRecipient: key.recipient,
      helmRepositoryUrl: helmRepository.url,
      ociRegistryHost: registry.host,
      gitServerUrl: gitServer.url,
    });
    for (const chart of tree.ociCharts) await pushChart(registry.host, ociChartRepository, join(charts, `${chart.name}-${chart.tag}.tgz`), join(run.path, 'helm'));
    for (const repository of tree.forgeRepositories) mirrorGoModuleTag(goModulePathOf(repository.url), repository.tag, join(served, repository.localPath));
    git(run.path, 'clone', '--quiet', '--bare', tree.directory, join(served, 'gitops.git'));

    await installFluxPrerequisites(options.kubeconfig, key.identity);
    const controllers = await startFluxControllers(run, options.kubeconfig);
    options.log(`stand-ins: ${harnessStandIns.join('; ')}`);
    const provisioner = startVolumeProvisioner(options.kubeconfig);
    stops.unshift(() => provisioner.stop());
    await applyClusterEntry(options.kubeconfig, { environment: options.environment, gitUrl: `${gitServer.url}/gitops.git` });
    const result = await watchUntilReady(options, Object.values(controllers.programs));
    return provisioner.errors.length > 0 ? { ...result, problems: [...result.problems, ...provisioner.errors.map((error) => `volume stand-in: ${error}`)] } : result;
  } finally {
    for (const stop of stops) await stop();
    await run.remove();
  }
}

async function watchUntilReady(options: FreshInstallOptions, controllers: readonly RunningProgram[]): Promise<FreshInstallResult> {
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const readyAt = new Map<string, number>();
  let units: FluxUnitStatus[] = [];
  // Until the entry Kustomization has applied the units, the deadline is the entry's own timeout.
  let deadline = 600;
  for (;;) {
    const list = JSON.parse(await kubectlOk(options.kubeconfig, ['get', 'kustomizations.kustomize.toolkit.fluxcd.io,helmreleases.helm.toolkit.fluxcd.io', '--all-namespaces', '--output=json']));
    units = unitStatuses(list);
    for (const unit of units) {
      if (!unit.ready || readyAt.has(unit.id)) continue;
      readyAt.set(unit.id, seconds());
      options.log(`  ${String(seconds()).padStart(5)} s  Ready  ${unit.id}`);
    }
    if (units.length > 1) deadline = longestTimeoutChain(units) + requeueSlackSeconds * 4;
    const waiting = units.filter((unit) => !readyAt.has(unit.id) && !unit.suspended);
    if ((units.length > 1 && waiting.length === 0) || seconds() > deadline) break;
    await sleep(2000);
  }
  const notReady = units.filter((unit) => !readyAt.has(unit.id)).map((unit) => `${unit.id}${unit.suspended ? ' (suspended)' : ''}: ${unit.reason} ${unit.message}`.trim());
  const problems = orderAndTimeoutProblems(units, readyAt, requeueSlackSeconds);
  const report = [
    `${options.environment}: ${readyAt.size} of ${units.length} Flux units Ready in ${seconds()} s (limit ${deadline} s: the longest dependsOn chain of timeouts)`,
    ...readyRecords(units, readyAt).map((record) => `  ${String(record.readyAt).padStart(5)} s  (+${String(record.took).padStart(4)} s after its dependencies)  ${record.id}`),
    ...notReady.map((line) => `  NOT READY  ${line}`),
    ...problems.map((line) => `  PROBLEM  ${line}`),
    ...(notReady.length > 0 ? controllers.flatMap(lastErrors) : []),
  ].join('\n');
  return { units, readyAt, notReady, problems, report };
}

/** A controller's last error lines: the run's directory (and its logs) is removed when it ends. */
function lastErrors(program: RunningProgram): string[] {
  const errors = program
    .logTail(400)
    .split('\n')
    .filter((line) => line.includes('"level":"error"'))
    .slice(-5);
  return errors.length > 0 ? [`  ${program.name}, last errors:`, ...errors.map((line) => `    ${line.slice(0, 600)}`)] : [];
}
