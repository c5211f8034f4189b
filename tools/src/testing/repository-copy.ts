import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { repositoryRoot } from './repository.ts';

/** Runs git in `directory` with a fixed identity (the copy is a throwaway repository). */
export function git(directory: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=o4g test', '-c', 'user.email=o4g-test@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
    cwd: directory,
    encoding: 'utf8',
  });
}

/**
 * A copy of this repository in a temporary directory, committed as the first commit of a new git
 * repository, so `nx affected` has a base. The files git would commit are copied; node_modules
 * is linked, not installed: every package points at this repository's install, except the
 * workspace packages (@open4goods/*) and the bin links, which keep their relative targets and so
 * resolve to the copy's own sources.
 */
export function copyRepository(): string {
  const copy = mkdtempSync(join(tmpdir(), 'o4g-copy-'));
  const files = git(repositoryRoot, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean);
  for (const file of files) {
    const source = join(repositoryRoot, file);
    if (!lstatSync(source, { throwIfNoEntry: false })?.isFile()) continue; // deleted but not yet staged
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    copyFileSync(source, join(copy, file));
  }
  linkNodeModules(join(repositoryRoot, 'node_modules'), join(copy, 'node_modules'));
  git(copy, 'init', '--quiet', '--initial-branch=main');
  git(copy, 'add', '--all');
  git(copy, 'commit', '--quiet', '--message', 'base');
  return copy;
}

const keepRelativeLinks = new Set(['.bin', '@open4goods']);

/** Links `source` (a node_modules) into `target`: every package is the original install, the workspace packages and bin links keep their relative targets. */
export function linkNodeModules(source: string, target: string): void {
  mkdirSync(target);
  for (const entry of readdirSync(source, { withFileTypes: true })) {
    const from = join(source, entry.name);
    const to = join(target, entry.name);
    if (keepRelativeLinks.has(entry.name)) {
      mkdirSync(to);
      for (const link of readdirSync(from)) symlinkSync(readlinkSync(join(from, link)), join(to, link));
    } else {
      symlinkSync(from, to);
    }
  }
}

/** Every file of the copy git sees (committed, or untracked and not ignored), with its SHA-256. */
export function treeDigest(copy: string): Record<string, string> {
  const files = git(copy, 'ls-files', '--cached', '--others', '--exclude-standard', '-z').split('\0').filter(Boolean).sort();
  return Object.fromEntries(files.map((file) => [file, createHash('sha256').update(readFileSync(join(copy, file))).digest('hex')]));
}

/** Runs a command in the copy as CI would (no Nx daemon or cloud), with its output. */
export function runInCopy(copy: string, command: string, args: readonly string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, {
    cwd: copy,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

