import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Every temporary file of a test run goes into one directory of that run (TMPDIR, which
 * os.tmpdir() and the programs the tests start read), removed when the run ends: a test that
 * forgets to clean up, or a run stopped half-way, leaves nothing in the machine's /tmp.
 */
export default function useRunTemporaryDirectory(): () => void {
  const directory = mkdtempSync(join(tmpdir(), 'o4g-test-run-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = directory;
  return () => {
    rmSync(directory, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
