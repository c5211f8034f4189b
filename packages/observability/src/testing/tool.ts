import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { stringify } from 'yaml';

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  /** stdout and stderr together. */
  readonly output: string;
}

/** Writes files (objects as YAML) into a fresh directory and runs a program there. */
export function runTool(command: string, files: Readonly<Record<string, unknown>>, args: readonly string[]): ToolResult {
  const directory = mkdtempSync(join(tmpdir(), `o4g-${basename(command)}-`));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), typeof content === 'string' ? content : stringify(content));
  try {
    const result = spawnSync(command, [...args], { cwd: directory, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
    return { status: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
