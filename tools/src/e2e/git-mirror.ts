import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { git } from '../testing/repository-copy.ts';
import { downloadGoModule } from './flux-release.ts';

/**
 * A bare Git repository at `target` whose tag `tag` holds the files of the Go module `modulePath`
 * at that version: the same tree as the upstream repository's tag (a Go module's zip is its
 * repository's files at the tag), for a GitRepository of the tree whose forge this machine cannot
 * reach. The module cache is only read (git reads the files as its work tree).
 */
export function mirrorGoModuleTag(modulePath: string, tag: string, target: string): void {
  const module = downloadGoModule(modulePath, tag);
  mkdirSync(dirname(target), { recursive: true });
  git(dirname(target), 'init', '--quiet', '--bare', '--initial-branch=main', target);
  const inModule = (...args: string[]) => git(module.directory, `--git-dir=${target}`, `--work-tree=${module.directory}`, ...args);
  inModule('add', '--all', '--force');
  inModule('commit', '--quiet', '--message', `${modulePath} ${tag} (the files of its Go module)`);
  inModule('tag', tag);
}

/** The Go module path of a repository URL on a forge (`https://github.com/o/r` → `github.com/o/r`). */
export function goModulePathOf(url: string): string {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname.replace(/\/+$/, '').replace(/\.git$/, '')}`;
}
