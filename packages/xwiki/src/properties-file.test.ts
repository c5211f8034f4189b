import { describe, expect, it } from 'vitest';
import { renderPropertiesFile } from './properties-file.ts';
import { parseJavaProperties } from './testing/java-properties.ts';

describe('renderPropertiesFile', () => {
  it('writes a header, section banners, explanations and the settings', () => {
    const text = renderPropertiesFile(['First line', ''], [{ title: 'Section', settings: [{ key: 'a.b', value: '1', why: 'because' }] }]);
    expect(text).toBe(['# First line', '#', '', '#---------------------------------------', '# Section', '#', '#-# because', 'a.b=1', ''].join('\n'));
  });

  it('round-trips values that need escaping through a java.util.Properties reader', () => {
    const values = { backslash: 'C:\\path\\x', newline: 'one\ntwo', leading: '  spaced', regex: '(/|/[^/]+/)logout/*', empty: '', equals: 'a=b:c' };
    const text = renderPropertiesFile(
      [],
      [{ title: 'Values', settings: Object.entries(values).map(([key, value]) => ({ key: `v.${key}`, value })) }],
    );
    const parsed = parseJavaProperties(text);
    for (const [key, value] of Object.entries(values)) expect(parsed.get(`v.${key}`), key).toBe(value);
  });

  it('writes a list one item per continuation line, read back as one comma-separated value', () => {
    const text = renderPropertiesFile([], [{ title: 'List', settings: [{ key: 'list', value: ['a.One', 'b.Two', 'c.Three'] }] }]);
    expect(text).toContain('list=\\\n  a.One,\\\n  b.Two,\\\n  c.Three\n');
    expect(parseJavaProperties(text).get('list')).toBe('a.One,b.Two,c.Three');
  });

  it('skips empty sections', () => {
    expect(renderPropertiesFile([], [{ title: 'Empty', settings: [] }])).not.toContain('Empty');
  });

  it('refuses a key set twice', () => {
    expect(() =>
      renderPropertiesFile([], [
        { title: 'A', settings: [{ key: 'x', value: '1' }] },
        { title: 'B', settings: [{ key: 'x', value: '2' }] },
      ]),
    ).toThrow('properties file: "x" is set twice');
  });

  it.each(['with space', 'colon:key', 'equals=key', '', '1starts.with.digit'])('refuses the key %j', (key) => {
    expect(() => renderPropertiesFile([], [{ title: 'A', settings: [{ key, value: '1' }] }])).toThrow(`properties file: "${key}" is not a plain property key`);
  });
});

describe('parseJavaProperties (the test reader)', () => {
  it('reads separators, comments, continuations and escapes like java.util.Properties', () => {
    const parsed = parseJavaProperties(['# comment', '! other comment', 'a = 1', 'b:2', 'c 3', 'd=x\\', '   y', 'e=\\u0041\\t'].join('\n'));
    expect(Object.fromEntries(parsed)).toEqual({ a: '1', b: '2', c: '3', d: 'xy', e: 'A\t' });
  });

  it('refuses a key set twice', () => {
    expect(() => parseJavaProperties('a=1\na=2\n')).toThrow('properties: "a" is set twice');
  });
});
