import { type BuildSelection, planBuild } from '../engine/plan.ts';
import { writePlan } from '../engine/tree.ts';
import type { Output } from '../output.ts';
import { type Workspace, buildInputOf } from '../workspace.ts';
import { describeOpenDecisions } from './decisions.ts';

export interface BuildOptions extends BuildSelection {
  /** Fail when any environment has an open decision. */
  readonly strict?: boolean;
}

/** `o4g build`: render, validate, self-check, then write the tree atomically and prune. */
export function runBuild(workspace: Workspace, options: BuildOptions, output: Output): number {
  const started = performance.now();
  const plan = planBuild(buildInputOf(workspace), options);
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
  const result = writePlan(workspace.root, plan);
  const milliseconds = Math.round(performance.now() - started);
  output.out(
    `o4g build: ${plan.files.size} files planned, ${result.written.length} written, ${result.unchanged} unchanged, ${result.pruned.length} pruned (${milliseconds} ms)\n`,
  );
  for (const path of result.written) output.out(`  wrote  ${path}\n`);
  for (const path of result.pruned) output.out(`  pruned ${path}\n`);
  return 0;
}
