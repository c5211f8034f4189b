/**
 * Reads a properties file the way java.util.Properties does (what XWiki's configuration loaders
 * build on): `#`/`!` comments, `=`, `:` or blank separators, backslash continuation lines whose
 * leading blanks are dropped, and the `\\`, `\n`, `\t`, `\r`, `\uXXXX` escapes. A key set twice is
 * an error here, because a second value would silently win.
 */
export function parseJavaProperties(text: string): Map<string, string> {
  const logicalLines: string[] = [];
  let pending: string | undefined;
  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    const line = pending === undefined ? rawLine.replace(/^[ \t\f]+/, '') : pending + rawLine.replace(/^[ \t\f]+/, '');
    if (pending === undefined && (line === '' || line.startsWith('#') || line.startsWith('!'))) continue;
    const trailingBackslashes = /\\*$/.exec(line)![0].length;
    if (trailingBackslashes % 2 === 1) {
      pending = line.slice(0, -1);
      continue;
    }
    pending = undefined;
    logicalLines.push(line);
  }
  if (pending !== undefined) logicalLines.push(pending);

  const properties = new Map<string, string>();
  for (const line of logicalLines) {
    let index = 0;
    let key = '';
    while (index < line.length && !/[=: \t\f]/.test(line[index]!)) {
      if (line[index] === '\\') index++;
      key += line[index] ?? '';
      index++;
    }
    while (index < line.length && /[ \t\f]/.test(line[index]!)) index++;
    if (line[index] === '=' || line[index] === ':') index++;
    while (index < line.length && /[ \t\f]/.test(line[index]!)) index++;
    const value = unescape(line.slice(index));
    if (properties.has(key)) throw new Error(`properties: "${key}" is set twice`);
    properties.set(key, value);
  }
  return properties;
}

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, escaped: string) => {
    if (escaped.startsWith('u') && escaped.length === 5) return String.fromCharCode(parseInt(escaped.slice(1), 16));
    return ({ n: '\n', t: '\t', r: '\r', f: '\f' } as Record<string, string>)[escaped] ?? escaped;
  });
}
