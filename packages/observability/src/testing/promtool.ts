import { externalToolAvailable } from '@open4goods/kit/testing';
import { type ToolResult, runTool } from './tool.ts';

/** promtool (Debian's `prometheus` package): suites skip locally without it and fail under CI=true. */
export function promtoolAvailable(): boolean {
  return externalToolAvailable('promtool', ['--version'], 'the promtool checks of the alert rules');
}

export type { ToolResult };

/** Writes files (objects as YAML) into a fresh directory and runs promtool there. */
export function runPromtool(files: Readonly<Record<string, unknown>>, args: readonly string[]): ToolResult {
  return runTool('promtool', files, args);
}
