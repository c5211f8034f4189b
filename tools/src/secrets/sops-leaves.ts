import { createHash } from 'node:crypto';
import { isMap, isScalar, isSeq } from 'yaml';

/**
 * SOPS's MAC over a parsed YAML document: SHA-512 of every leaf value in document order (the
 * `sops` block excluded), upper-case hex. Walks the YAML nodes rather than a JS object, because
 * a JS object would reorder keys that look like integers.
 */
export function computeMacOfLeaves(root: unknown): string {
  const hash = createHash('sha512');
  const visit = (node: unknown, depth: number): void => {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (depth === 0 && isScalar(pair.key) && pair.key.value === 'sops') continue;
        visit(pair.value, depth + 1);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item, depth + 1);
    } else if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'boolean') hash.update(value ? 'True' : 'False');
      else if (value !== null && value !== undefined) hash.update(String(value), 'utf8');
    }
  };
  visit(root, 0);
  return hash.digest('hex').toUpperCase();
}
