import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedRoots } from './layout.ts';
import type { BuildPlan } from './plan.ts';
import { generatedMarkdownMarker, generatedMarker, isGeneratedContent } from './serialize.ts';
import { type InterruptedWrite, applyTreeChange, finishInterruptedWrites } from './tree-journal.ts';

/** A generated file found on disk, with the owner its header records. */
export interface GeneratedFileOnDisk {
  readonly path: string;
  readonly content: string;
  readonly owner: string;
}

const ownerPattern = new RegExp(`^(?:${generatedMarker}|${generatedMarkdownMarker}) from (component [a-z0-9-]+|cluster assembly) \\(`);

/** The owner recorded in a generated file's header, or undefined for a file the engine did not write. */
export function ownerOf(content: string): string | undefined {
  return isGeneratedContent(content) ? (ownerPattern.exec(content)?.[1] ?? 'unknown') : undefined;
}

function walk(root: string, relative: string, found: string[]): void {
  const absolute = join(root, relative);
  if (!existsSync(absolute)) return;
  for (const entry of readdirSync(absolute, { withFileTypes: true })) {
    const child = relative ? `${relative}/${entry.name}` : entry.name;
    if (entry.isDirectory()) walk(root, child, found);
    else if (entry.isFile() && (entry.name.endsWith('.yaml') || entry.name.endsWith('.md'))) found.push(child);
  }
}

/** Every file under the generated roots whose first line is the engine's marker. */
export function listGeneratedFiles(repositoryRoot: string): GeneratedFileOnDisk[] {
  const paths: string[] = [];
  for (const root of generatedRoots) walk(repositoryRoot, root, paths);
  return paths.sort().flatMap((path) => {
    const content = readFileSync(join(repositoryRoot, path), 'utf8');
    const owner = ownerOf(content);
    return owner ? [{ path, content, owner }] : [];
  });
}

export interface WriteResult {
  readonly written: readonly string[];
  readonly unchanged: number;
  readonly pruned: readonly string[];
  /** Staging directories of interrupted builds found first: committed ones were finished, the others removed. */
  readonly interrupted: readonly InterruptedWrite[];
}

/**
 * Makes the tree match the plan, all or nothing (tree-journal.ts): first the change an
 * interrupted build left is finished, then changed files are written and stale generated files
 * in scope are removed. Files without the generated header (SOPS secrets, flux-system/) are
 * never overwritten or removed. The caller holds the build lock (build-lock.ts).
 */
export function writePlan(repositoryRoot: string, plan: BuildPlan): WriteResult {
  const interrupted = finishInterruptedWrites(repositoryRoot);
  const onDisk = new Map(listGeneratedFiles(repositoryRoot).map((file) => [file.path, file]));
  const writes = new Map<string, string>();
  let unchanged = 0;
  for (const [path, file] of plan.files) {
    const absolute = join(repositoryRoot, path);
    if (existsSync(absolute) && readFileSync(absolute, 'utf8') === file.content) unchanged++;
    else writes.set(path, file.content);
  }
  const stale = [...onDisk.values()].filter((file) => !plan.files.has(file.path) && plan.inScope(file.path, file.owner)).map((file) => file.path);
  applyTreeChange(repositoryRoot, { writes, prunes: stale });
  return { written: [...writes.keys()], unchanged, pruned: stale, interrupted };
}

export interface Drift {
  readonly modified: readonly string[];
  readonly missing: readonly string[];
  readonly stale: readonly string[];
}

/** Compares the committed tree with a fresh plan (a full one: drift is checked everywhere). */
export function detectDrift(repositoryRoot: string, plan: BuildPlan): Drift {
  const onDisk = new Map(listGeneratedFiles(repositoryRoot).map((file) => [file.path, file]));
  const modified: string[] = [];
  const missing: string[] = [];
  for (const [path, file] of plan.files) {
    const absolute = join(repositoryRoot, path);
    if (!existsSync(absolute)) missing.push(path);
    else if (readFileSync(absolute, 'utf8') !== file.content) modified.push(path);
  }
  const stale = [...onDisk.keys()].filter((path) => !plan.files.has(path));
  return { modified, missing, stale };
}
