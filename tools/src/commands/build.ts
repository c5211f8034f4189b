import { acquireBuildLock, describeHolder } from '../engine/build-lock.ts';
import { type BuildSelection, planBuild } from '../engine/plan.ts';
import { type WriteResult, writePlan } from '../engine/tree.ts';
import type { Output } from '../output.ts';
import { type Workspace, buildInputOf } from '../workspace.ts';
import { describeOpenDecisions } from './decisions.ts';
import { deferTerminationSignals } from './termination-signals.ts';

export interface BuildOptions extends BuildSelection {
  /** Fail when any environment has an open decision. */
  readonly strict?: boolean;
  /** How long to wait for another build holding the lock before refusing (default 10 minutes). */
  readonly lockWaitMs?: number;
  /** Objects (`Kind/name`) written although an immutable field changes, after their migration. */
  readonly replacements?: readonly string[];
}

/**
 * `o4g build`: render, validate, self-check (nothing is written if any fails), then, holding the
 * build lock, write the tree all or nothing and prune.
 */
export async function runBuild(workspace: Workspace, options: BuildOptions, output: Output): Promise<number> {
  const started = performance.now();
  const plan = planBuild(buildInputOf(workspace, options.replacements), options);
  const reports = plan.reports.filter((report) => !options.environments || options.environments.includes(report.environment.name));
  for (const report of reports) {
    for (const warning of report.warnings) output.err(`o4g build: warning (${report.environment.name}) ${warning}\n`);
    if (report.openDecisions.length === 0) continue;
    output.err(describeOpenDecisions(report.environment.name, report.openDecisions, report.appsSuspended));
  }
  if (options.strict) {
    const open = reports.filter((report) => report.openDecisions.length > 0);
    if (open.length > 0) {
      output.err(`o4g build --strict: open decisions in ${open.map((report) => report.environment.name).join(', ')}; nothing written\n`);
      return 1;
    }
  }

  // From the lock on, a signal lets the write finish (or the wait stop) and the lock go first.
  const signals = deferTerminationSignals((signal) => output.err(`o4g build: ${signal} received; stopping once the tree is complete and the lock released\n`));
  try {
    const lock = await acquireBuildLock(workspace.root, {
      ...(options.lockWaitMs !== undefined ? { maxWaitMs: options.lockWaitMs } : {}),
      onWait: (holder) => output.err(`o4g build: waiting for another build to finish (${describeHolder(holder)})\n`),
      onTakeOver: (holder) => output.err(`o4g build: took over the lock of ${holder ? describeHolder(holder) : 'an unreadable lock file'}, which no longer runs\n`),
      interrupted: () => signals.received() !== undefined,
    });
    if (!lock) {
      output.err(`o4g build: stopped by ${signals.received()} while waiting for the lock; nothing written\n`);
      return 1;
    }
    let result: WriteResult;
    try {
      result = writePlan(workspace.root, plan);
    } finally {
      lock.release();
    }
    for (const write of result.interrupted) {
      output.err(
        write.committed
          ? `o4g build: finished the change an interrupted build left in ${write.directory} (${write.pendingWrites} files moved into place, ${write.prunes} pruned)\n`
          : `o4g build: removed ${write.directory}, left by a build interrupted before it changed anything\n`,
      );
    }
    const milliseconds = Math.round(performance.now() - started);
    output.out(
      `o4g build: ${plan.files.size} files planned, ${result.written.length} written, ${result.unchanged} unchanged, ${result.pruned.length} pruned (${milliseconds} ms)\n`,
    );
    for (const path of result.written) output.out(`  wrote  ${path}\n`);
    for (const path of result.pruned) output.out(`  pruned ${path}\n`);
    return 0;
  } finally {
    await signals.restore();
  }
}
