import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './cli.ts';
import { repositoryRoot } from './testing/repository.ts';
import { usage } from './usage.ts';

describe('o4g --help', () => {
  it('prints, from the launcher, exactly the usage the CLI prints, and exits 0', async () => {
    let printed = '';
    expect(await main(['--help'], { out: (text) => (printed += text), err: () => undefined })).toBe(0);
    expect(printed).toBe(usage);
    for (const flag of ['--help', '-h']) {
      const launched = spawnSync(process.execPath, [join(repositoryRoot, 'tools/bin/o4g.mjs'), flag], { encoding: 'utf8' });
      expect(launched.status, launched.stderr).toBe(0);
      expect(launched.stdout).toBe(usage);
    }
  });
});
