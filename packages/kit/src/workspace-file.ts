import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest directory holding nx.json above this module (source or bundle). */
export function workspaceRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'nx.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error(`no nx.json above ${fileURLToPath(import.meta.url)}: kit is not running inside the repository`);
    directory = parent;
  }
  return directory;
}

/**
 * The text of a file of the repository, e.g. a component's shell script that a ConfigMap carries.
 * Keeping such files as files (not strings in TypeScript) lets shellcheck and the tests run them
 * as they are; the render reads them the same way from the sources and from the bundled CLI.
 */
export function readWorkspaceFile(workspacePath: string): string {
  const path = join(workspaceRoot(), workspacePath);
  if (!existsSync(path)) throw new Error(`${workspacePath}: file not found in the repository (${path})`);
  return readFileSync(path, 'utf8');
}
