import { describe, expect, it } from 'vitest';
import { schemaErrors } from './json-schema.ts';

describe('schemaErrors with references to other documents', () => {
  it('accepts what a remote reference describes, and still checks the rest', () => {
    const schema = { type: 'object', properties: { labels: { $ref: 'https://example.org/k8s.json#/definitions/labels' }, port: { type: 'integer' } } };
    expect(schemaErrors({ labels: { a: 'b' }, port: 80 }, schema)).toEqual([]);
    expect(schemaErrors({ labels: 'anything', port: '80' }, schema)).toHaveLength(1);
  });
});
