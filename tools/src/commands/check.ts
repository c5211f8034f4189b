import { planBuild } from '../engine/plan.ts';
import { detectDrift } from '../engine/tree.ts';
import type { Output } from '../output.ts';
import { type Workspace, buildInputOf } from '../workspace.ts';

/** `o4g check`: exit 1 and list every generated file that differs from a fresh render. */
export function runCheck(workspace: Workspace, output: Output): number {
  const drift = detectDrift(workspace.root, planBuild(buildInputOf(workspace)));
  const lines = [
    ...drift.modified.map((path) => `  modified  ${path}`),
    ...drift.missing.map((path) => `  missing   ${path}`),
    ...drift.stale.map((path) => `  stale     ${path}`),
  ];
  if (lines.length === 0) {
    output.out('o4g check: the generated tree matches the TypeScript\n');
    return 0;
  }
  output.err(`o4g check: ${lines.length} generated file${lines.length === 1 ? ' differs' : 's differ'} from a fresh render:\n${lines.join('\n')}\nRun \`npx o4g build\` and commit the result with the change that caused it.\n`);
  return 1;
}
