import { externalToolAvailable } from '@open4goods/kit/testing';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSmokeScript, smokeScriptFiles } from './scripts.ts';

const scriptsPath = fileURLToPath(new URL('../scripts/', import.meta.url));
const files = Object.values(smokeScriptFiles);

describe('the smoke scripts', () => {
  it('are exactly the files of packages/smoke/scripts', () => {
    expect(readdirSync(scriptsPath).sort()).toEqual([...files].sort());
  });

  it.each(files)('%s names its shell on its first line: bash for the mysql image, sh for the busybox images', (file) => {
    expect(readSmokeScript(file).split('\n')[0]).toBe(file === smokeScriptFiles.mysqlCrud ? '#!/bin/bash' : '#!/bin/sh');
  });
});

describe.runIf(externalToolAvailable('shellcheck', ['--version'], 'the shellcheck test of the smoke scripts'))('shellcheck', () => {
  it.each(files)('finds nothing in %s', (file) => {
    const result = spawnSync('shellcheck', ['--external-sources', '--severity=style', file], { cwd: scriptsPath, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});
