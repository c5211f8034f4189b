import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isRunning } from './process-identity.ts';

// Plain TypeScript without type-only syntax Node cannot strip: tools/bundle.mjs imports this file
// directly (Node runs it with type stripping), before any bundle exists.

/** Writes `content` to a new file and flushes it to disk. */
export function writeFileDurably(path: string, content: string | Uint8Array, flag = 'w'): void {
  const descriptor = openSync(path, flag);
  try {
    const bytes = typeof content === 'string' ? Buffer.from(content) : content;
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(descriptor, bytes, offset, bytes.length - offset);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Flushes a directory's entries (a rename or a new file in it) to disk. */
export function fsyncDirectory(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

const temporaryPattern = /^\.(.+)\.(\d+)-([0-9a-z]+)\.tmp$/;

/**
 * Replaces `path` in one step: the content goes to a temporary file beside it (same directory,
 * so same filesystem), is flushed, then renamed over `path`. A reader, or a process killed at any
 * moment, sees the old file or the new one, never a part of either. The temporary file is removed
 * on error; one left by a killed process is removed by the next call for the same path.
 */
export function writeFileAtomically(path: string, content: string | Uint8Array): void {
  const directory = dirname(path);
  removeOrphanedTemporaries(path);
  const temporary = join(directory, `.${basename(path)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    writeFileDurably(temporary, content, 'wx');
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  fsyncDirectory(directory);
}

/** Removes the temporary files of `path` whose writer no longer runs. */
export function removeOrphanedTemporaries(path: string): void {
  const directory = dirname(path);
  let entries: string[];
  try {
    entries = readdirSync(directory);
  } catch {
    return;
  }
  for (const entry of entries) {
    const match = temporaryPattern.exec(entry);
    if (!match || match[1] !== basename(path)) continue;
    if (!isRunning({ pid: Number(match[2]), host: hostname() })) rmSync(join(directory, entry), { force: true });
  }
}
