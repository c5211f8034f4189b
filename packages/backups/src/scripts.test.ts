import { externalToolAvailable } from '@open4goods/kit/testing';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readScripts, scriptFiles } from './scripts.ts';
import { scriptsPath } from './testing/run-script.ts';

const files = Object.values(scriptFiles);

describe('the job scripts', () => {
  it('are exactly the files of packages/backups/scripts', () => {
    expect(readdirSync(scriptsPath).sort()).toEqual([...files].sort());
    for (const [file, content] of Object.entries(readScripts())) expect(content).toBe(readFileSync(join(scriptsPath, file), 'utf8'));
  });

  it.each(files.filter((file) => !file.endsWith('-common.sh')))('%s stops at the first error, unset variable or failed pipe', (file) => {
    const content = readFileSync(join(scriptsPath, file), 'utf8');
    const shell = file.startsWith('s3-') ? '#!/bin/sh' : '#!/bin/bash';
    expect(content.split('\n')[0]).toBe(shell);
    expect(content).toMatch(/^set -euo pipefail$/m);
  });
});

describe.runIf(externalToolAvailable('shellcheck', ['--version'], 'the shellcheck test of the backup scripts'))('shellcheck', () => {
  it.each(files)('finds nothing in %s, following the files it sources', (file) => {
    const result = spawnSync('shellcheck', ['--external-sources', '--severity=style', file], { cwd: scriptsPath, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
