import type { Reporter, TestModule } from 'vitest/node';

/**
 * The end of `npm run e2e`: one line per scenario (its name, passed/failed/skipped, seconds), then
 * `e2e: N passed, N failed` (`, N skipped` when some were), the line .ci/run and CI read. An error
 * outside any scenario counts as a failure.
 */
export default class ScenarioReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    const counts = { passed: 0, failed: unhandledErrors.length, skipped: 0 };
    const lines: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        const verdict = state === 'passed' ? 'passed' : state === 'failed' ? 'failed' : 'skipped';
        counts[verdict] += 1;
        const seconds = ((test.diagnostic()?.duration ?? 0) / 1000).toFixed(1);
        lines.push(`e2e: ${test.fullName} — ${verdict} (${seconds} s)`);
      }
      // A scenario file that failed before any scenario ran (an import, a hook) is a failure too.
      if (module.state() === 'failed' && [...module.children.allTests()].every((test) => test.result().state !== 'failed')) counts.failed += 1;
    }
    console.log(['', ...lines, `e2e: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}`].join('\n'));
  }
}
