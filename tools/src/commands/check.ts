import { planBuild } from '../engine/plan.ts';
import { detectDrift } from '../engine/tree.ts';
import { listInterruptedWrites } from '../engine/tree-journal.ts';
import type { Output } from '../output.ts';
import { type Workspace, buildInputOf } from '../workspace.ts';

/**
 * `o4g check`: exit 1 and list every generated file that differs from a fresh render, and say
 * so when an interrupted build left its change half applied.
 */
export function runCheck(workspace: Workspace, output: Output): number {
  const interrupted = listInterruptedWrites(workspace.root);
  for (const write of interrupted.filter((candidate) => !candidate.committed)) {
    output.err(`o4g check: note: ${write.directory} was left by a build interrupted before it changed anything; the next \`npx o4g build\` removes it\n`);
  }
  const unfinished = interrupted.filter((write) => write.committed);
  if (unfinished.length > 0) {
    const lines = unfinished.map((write) => `  unfinished  ${write.directory}: ${write.pendingWrites} files still to move into place, ${write.prunes} to prune`);
    output.err(`o4g check: an interrupted \`o4g build\` left its change half applied:\n${lines.join('\n')}\nRun \`npx o4g build\`: it finishes that change first, then builds.\n`);
  }
  const drift = detectDrift(workspace.root, planBuild(buildInputOf(workspace)));
  const lines = [
    ...drift.modified.map((path) => `  modified  ${path}`),
    ...drift.missing.map((path) => `  missing   ${path}`),
    ...drift.stale.map((path) => `  stale     ${path}`),
  ];
  if (lines.length === 0 && unfinished.length === 0) {
    output.out('o4g check: the generated tree matches the TypeScript\n');
    return 0;
  }
  if (lines.length > 0) {
    output.err(`o4g check: ${lines.length} generated file${lines.length === 1 ? ' differs' : 's differ'} from a fresh render:\n${lines.join('\n')}\nRun \`npx o4g build\` and commit the result with the change that caused it.\n`);
  }
  return 1;
}
