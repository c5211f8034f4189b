import { describe, expect, it } from 'vitest';
import { crdValidationErrors } from './crd-schema.ts';
import { schemaErrors } from './json-schema.ts';
import { referenceAvailable } from './reference-data.ts';

describe('schemaErrors', () => {
  const schema = { type: 'object', properties: { retain: { type: 'integer' }, task: { type: 'string', enum: ['snapshot', 'backup'] } }, required: ['task'] };

  it('is empty for a valid document', () => {
    expect(schemaErrors({ task: 'backup', retain: 3 }, schema)).toEqual([]);
  });

  it('lists each failing path', () => {
    const errors = schemaErrors({ retain: '3', task: 'copy' }, schema);
    expect(errors.some((error) => error.startsWith('/retain must be integer'))).toBe(true);
    expect(errors.some((error) => error.startsWith('/task must be equal to one of the allowed values'))).toBe(true);
  });

  it('reads the JSON Schema draft the schema declares', () => {
    const draft2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', $defs: { n: { type: 'integer' } }, properties: { a: { $ref: '#/$defs/n' } } };
    expect(schemaErrors({ a: 1 }, draft2020)).toEqual([]);
    expect(schemaErrors({ a: 'x' }, draft2020)).toHaveLength(1);
  });
});

describe.runIf(referenceAvailable('crds/longhorn-recurringjob.yaml'))('crdValidationErrors against the Longhorn RecurringJob CRD', () => {
  const valid = {
    apiVersion: 'longhorn.io/v1beta2',
    kind: 'RecurringJob',
    metadata: { name: 'snapshot-hourly', namespace: 'longhorn-system' },
    spec: { name: 'snapshot-hourly', task: 'snapshot', cron: '0 * * * *', retain: 24, concurrency: 1, groups: ['a'], labels: {} },
  };

  it('accepts a valid RecurringJob', () => {
    expect(crdValidationErrors('crds/longhorn-recurringjob.yaml', valid)).toEqual([]);
  });

  it('refuses an unknown task, a string retain and an undeclared field', () => {
    const errors = crdValidationErrors('crds/longhorn-recurringjob.yaml', { ...valid, spec: { ...valid.spec, task: 'copy', retain: '24', schedule: '@daily' } } as unknown as typeof valid);
    expect(errors.some((error) => error.startsWith('/spec/task must be equal to one of the allowed values'))).toBe(true);
    expect(errors.some((error) => error.startsWith('/spec/retain must be integer'))).toBe(true);
    expect(errors).toContain('/spec/schedule is not declared by the schema (the API server would drop it)');
  });

  it('refuses an object of another kind or version', () => {
    expect(() => crdValidationErrors('crds/longhorn-recurringjob.yaml', { ...valid, kind: 'BackupTarget' })).toThrow(/defines RecurringJob\.longhorn\.io, not BackupTarget/);
    expect(() => crdValidationErrors('crds/longhorn-recurringjob.yaml', { ...valid, apiVersion: 'longhorn.io/v1' })).toThrow(/serves no version v1/);
  });
});
