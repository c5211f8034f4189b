import { afterEach, describe, expect, it, vi } from 'vitest';
import { referenceAvailable } from './reference-data.ts';

describe('referenceAvailable', () => {
  const ci = process.env.CI;
  afterEach(() => {
    if (ci === undefined) delete process.env.CI;
    else process.env.CI = ci;
    vi.restoreAllMocks();
  });

  it('says a missing reference file is missing, with a message, outside CI', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(referenceAvailable('charts/no-such-chart/values.yaml')).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('shared/reference/charts/no-such-chart/values.yaml not found'));
  });

  it('fails on a missing reference file under CI=true, where ../shared is always laid beside the clone', () => {
    process.env.CI = 'true';
    expect(() => referenceAvailable('charts/no-such-chart/values.yaml')).toThrow('reference file shared/reference/charts/no-such-chart/values.yaml is required under CI=true');
  });
});
