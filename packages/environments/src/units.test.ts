import { describe, expect, it } from 'vitest';
import { parseByteQuantity, parseCpuMillicores, parseDurationSeconds } from './units.ts';

describe('parseDurationSeconds', () => {
  it.each([
    ['90s', 90],
    ['1s', 1],
    ['30m', 1_800],
    ['1h', 3_600],
    ['24h', 86_400],
    ['7d', 604_800],
    ['2w', 1_209_600],
    ['10m', 600],
  ])('parses %s as %i seconds', (text, seconds) => {
    expect(parseDurationSeconds(text)).toBe(seconds);
  });

  it.each([
    ['', 'empty text'],
    ['0m', 'a zero duration'],
    ['0', 'zero without unit'],
    ['-1h', 'a negative duration'],
    ['01h', 'a leading zero'],
    ['1.5h', 'a fraction'],
    ['1h30m', 'a compound duration'],
    ['30', 'a number without unit'],
    ['m', 'a unit without number'],
    ['1 h', 'a space between number and unit'],
    [' 1h', 'leading white space'],
    ['1h ', 'trailing white space'],
    ['1H', 'an upper-case unit'],
    ['1y', 'an unknown unit'],
    ['1ms', 'a sub-second unit'],
    ['1.5x', 'garbage'],
  ])('refuses %j (%s)', (text) => {
    expect(parseDurationSeconds(text)).toBeUndefined();
  });
});

describe('parseByteQuantity', () => {
  it.each([
    ['0', 0],
    ['1', 1],
    ['1024', 1_024],
    ['1Ki', 1_024],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['50Gi', 50 * 2 ** 30],
    ['2Ti', 2 * 2 ** 40],
    ['1k', 1_000],
    ['1M', 1_000_000],
    ['1G', 1_000_000_000],
    ['3T', 3e12],
    ['1.5Gi', 1_610_612_736],
    ['0.5Ki', 512],
  ])('parses %s as %d bytes', (text, bytes) => {
    expect(parseByteQuantity(text)).toBe(bytes);
  });

  it('distinguishes binary from decimal suffixes', () => {
    expect(parseByteQuantity('1Gi')).toBeGreaterThan(parseByteQuantity('1G')!);
    expect(parseByteQuantity('1Gi')! - parseByteQuantity('1G')!).toBe(73_741_824);
  });

  it('rounds fractional bytes to whole bytes', () => {
    expect(parseByteQuantity('1.4')).toBe(1);
    expect(parseByteQuantity('0.0001Ki')).toBe(0);
  });

  it.each([
    ['', 'empty text'],
    ['50 GB', 'a space and an SI unit name'],
    ['50GB', 'an SI unit name'],
    ['50gi', 'a lower-case binary suffix'],
    ['50Gib', 'a trailing b'],
    ['1K', 'an upper-case K (Kubernetes writes k)'],
    ['1.5x', 'an unknown suffix'],
    ['500m', 'a milli suffix on a byte quantity'],
    ['-1Gi', 'a negative quantity'],
    ['+1Gi', 'a sign'],
    ['.5Gi', 'a fraction without integer part'],
    ['1.Gi', 'a dot without decimals'],
    ['1e3', 'an exponent'],
    ['Gi', 'a suffix without number'],
    [' 1Gi', 'leading white space'],
    ['1Gi ', 'trailing white space'],
  ])('refuses %j (%s)', (text) => {
    expect(parseByteQuantity(text)).toBeUndefined();
  });
});

describe('parseCpuMillicores', () => {
  it.each([
    ['250m', 250],
    ['1m', 1],
    ['0m', 0],
    ['1', 1_000],
    ['2', 2_000],
    ['1.5', 1_500],
    ['0.25', 250],
    ['0.1', 100],
    ['1000m', 1_000],
  ])('parses %s as %d millicores', (text, millicores) => {
    expect(parseCpuMillicores(text)).toBe(millicores);
  });

  it('treats 1 and 1000m as the same amount', () => {
    expect(parseCpuMillicores('1')).toBe(parseCpuMillicores('1000m'));
  });

  it.each([
    ['', 'empty text'],
    ['m', 'a suffix without number'],
    ['1.5x', 'an unknown suffix'],
    ['250M', 'an upper-case M (mega, not milli)'],
    ['250 m', 'a space before the suffix'],
    ['-1', 'a negative quantity'],
    ['-250m', 'a negative milli quantity'],
    ['1Gi', 'a memory quantity'],
    ['1 core', 'a unit name'],
    ['.5', 'a fraction without integer part'],
  ])('refuses %j (%s)', (text) => {
    expect(parseCpuMillicores(text)).toBeUndefined();
  });
});
