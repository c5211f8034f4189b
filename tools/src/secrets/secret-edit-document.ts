import type { SecretRequirement } from '@open4goods/kit';
import { isMap, isScalar, parseDocument } from 'yaml';

/**
 * The YAML an operator edits in `o4g secrets edit`: one `"key": "value"` line per declared key,
 * each value double-quoted (JSON escapes, exact for newlines, CRLF, unicode and edge spaces).
 */
export function renderSecretEditDocument(requirement: SecretRequirement, current: ReadonlyMap<string, string>): string {
  const lines = requirement.keys.map((key) => `# ${key.name}: ${key.description}\n${JSON.stringify(key.name)}: ${JSON.stringify(current.get(key.name) ?? '')}`);
  return (
    `# ${requirement.namespace}/${requirement.name}: ${requirement.description}.\n` +
    '# Every value is a string exactly as written (0x1F, ~, yes, 012 stay as they are); quote it to keep\n' +
    '# leading or trailing spaces, or use "\\n" escapes or a | block. Empty values are left out.\n' +
    `${lines.join('\n')}\n`
  );
}

/**
 * The key/value pairs of the edited document, every value the string the operator typed: read
 * with YAML's failsafe schema, where no scalar is ever a number, a boolean or null (the core
 * schema would turn `0x1F` into 31 and `~` into null). Empty values are dropped.
 */
export function parseSecretEditDocument(text: string, source: string): [string, string][] {
  const document = parseDocument(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: true });
  if (document.errors.length > 0) throw new Error(`${source} is not valid YAML: ${document.errors[0]!.message}\nnothing written`);
  const root = document.contents;
  if (root === null) return [];
  if (!isMap(root)) throw new Error(`${source} must be a map of "key": "value" lines: nothing written`);
  const pairs: [string, string][] = [];
  for (const pair of root.items) {
    if (!isScalar(pair.key)) throw new Error(`${source}: a key is not a plain string: nothing written`);
    const key = String(pair.key.value);
    if (pair.value !== null && !isScalar(pair.value)) throw new Error(`${source}: the value of ${key} is a list or a map, expected a string: nothing written`);
    const value = pair.value === null ? '' : String(pair.value.value);
    if (value !== '') pairs.push([key, value]);
  }
  return pairs;
}
