import { describe, expect, it } from 'vitest';
import { readWorkspaceFile } from './workspace-file.ts';

describe('readWorkspaceFile', () => {
  it('reads a file by its path from the repository root', () => {
    expect(JSON.parse(readWorkspaceFile('packages/kit/package.json')).name).toBe('@open4goods/kit');
  });

  it('names the path it could not find', () => {
    expect(() => readWorkspaceFile('packages/kit/absent.sh')).toThrow(/^packages\/kit\/absent\.sh: file not found in the repository/);
  });
});
