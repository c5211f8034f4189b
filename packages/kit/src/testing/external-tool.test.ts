import { afterEach, describe, expect, it, vi } from 'vitest';
import { externalToolAvailable } from './external-tool.ts';

describe('externalToolAvailable', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    vi.restoreAllMocks();
  });

  it('is true for a program that runs', () => {
    expect(externalToolAvailable(process.execPath, ['--version'], 'the node tests')).toBe(true);
  });

  it('skips with a message naming the program and the suites when the program is missing', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(externalToolAvailable('o4g-no-such-program', ['--version'], 'the imaginary tests')).toBe(false);
    expect(warn).toHaveBeenCalledWith('o4g-no-such-program not found: skipping the imaginary tests (they run in CI)');
  });

  it('fails under CI=true when the program is missing', () => {
    process.env.CI = 'true';
    expect(() => externalToolAvailable('o4g-no-such-program', ['--version'], 'the imaginary tests')).toThrow(
      'o4g-no-such-program is required under CI=true (install it in .ci/run): the imaginary tests cannot run',
    );
  });
});
