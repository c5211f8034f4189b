import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest directory at or above `start` holding nx.json. */
export function findRepositoryRoot(start: string = process.cwd()): string {
  let current = resolve(start);
  for (;;) {
    if (existsSync(join(current, 'nx.json'))) return current;
    const parent = dirname(current);
    if (parent === current) throw new Error(`no nx.json found at or above ${start}: run o4g inside the repository`);
    current = parent;
  }
}
