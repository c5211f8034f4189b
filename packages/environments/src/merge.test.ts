import { describe, expect, it } from 'vitest';
import { locked, open } from './decision.ts';
import { defaultSettings } from './defaults.ts';
import { mergeOverrides } from './merge.ts';
import { prodOverrides } from './prod.ts';

/** Freezes an object graph so any write to it throws in strict mode. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('mergeOverrides', () => {
  it('merges plain objects key by key, keeping the keys the override does not mention', () => {
    const base = { a: 1, b: { c: 2, d: 3 }, e: 'x' };
    expect(mergeOverrides(base, { b: { d: 4 } })).toEqual({ a: 1, b: { c: 2, d: 4 }, e: 'x' });
  });

  it('merges several levels deep', () => {
    const base = { mysql: { resources: { requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } }, maxConnections: 151 } };
    const merged = mergeOverrides(base, { mysql: { resources: { requests: { cpu: '500m' } } } });
    expect(merged).toEqual({
      mysql: { resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { memory: '2Gi' } }, maxConnections: 151 },
    });
  });

  it('adds keys the base does not have', () => {
    expect(mergeOverrides({ a: 1 }, { b: { c: 2 } })).toEqual({ a: 1, b: { c: 2 } });
  });

  it('returns the base itself when there is no override', () => {
    const base = { a: { b: 1 } };
    expect(mergeOverrides(base, undefined)).toBe(base);
  });

  it('keeps a base value when the override sets the key to undefined', () => {
    expect(mergeOverrides({ a: 1, b: 2 }, { a: undefined })).toEqual({ a: 1, b: 2 });
  });

  it('returns a copy, not the base, when an empty override is given', () => {
    const base = { a: { b: 1 } };
    const merged = mergeOverrides(base, {});
    expect(merged).toEqual(base);
    expect(merged).not.toBe(base);
  });

  it('replaces scalars, including falsy ones', () => {
    expect(mergeOverrides({ a: 1, b: true, c: 'x' }, { a: 0, b: false, c: '' })).toEqual({ a: 0, b: false, c: '' });
  });

  it('replaces an object by null and null by an object', () => {
    expect(mergeOverrides({ a: { b: 1 } }, { a: null })).toEqual({ a: null });
    expect(mergeOverrides({ a: null as unknown }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it('replaces arrays whole instead of merging them index by index', () => {
    const base = { list: [1, 2, 3], nested: { list: [{ a: 1 }, { a: 2 }] } };
    const merged = mergeOverrides(base, { list: [9], nested: { list: [{ b: 1 }] } });
    expect(merged.list).toEqual([9]);
    expect(merged.nested.list).toEqual([{ b: 1 }]);
  });

  it('replaces an object by an array and an array by an object', () => {
    expect(mergeOverrides({ a: { b: 1 } as unknown }, { a: [1] })).toEqual({ a: [1] });
    expect(mergeOverrides({ a: [1] as unknown }, { a: { b: 1 } })).toEqual({ a: { b: 1 } });
  });

  it('replaces a decision whole', () => {
    const base = { decisions: { s3: open({ endpoint: 'https://a.example.org', bucket: 'a' }, 'Which one?') } };
    const merged = mergeOverrides(base, { decisions: { s3: locked({ endpoint: 'https://b.example.org' }) } });
    expect(merged.decisions.s3).toEqual({ status: 'locked', value: { endpoint: 'https://b.example.org' } });
    expect(merged.decisions.s3).not.toHaveProperty('question');
    expect(merged.decisions.s3.value).not.toHaveProperty('bucket');
  });

  it('replaces a secret backend whole', () => {
    const base = { secrets: { kind: 'vault', clusterSecretStore: 'vault', pathPrefix: 'open4goods/defaults' } as object };
    const merged = mergeOverrides(base, { secrets: { kind: 'sops' } });
    expect(merged.secrets).toEqual({ kind: 'sops' });
  });

  it('replaces an S3 encryption and an alert receiver whole', () => {
    const s3 = { mode: 'SSE-KMS', kmsKeyId: 'key-1' } as object;
    const base = { decisions: { s3: { status: 'locked', value: { encryption: s3 } } }, observability: { alertReceiver: { kind: 'email', to: 'a@example.org' } as object } };
    // Inside a decision the value is replaced with the decision; on its own the encryption is a variant setting too.
    expect(mergeOverrides(s3, { mode: 'SSE-S3' }, 'decisions.s3.value.encryption')).toEqual({ mode: 'SSE-S3' });
    expect(mergeOverrides(base, { observability: { alertReceiver: { kind: 'webhook' } } }).observability.alertReceiver).toEqual({ kind: 'webhook' });
  });

  it('replaces a variant setting whole even when its discriminant is unchanged', () => {
    const base = { secrets: { kind: 'vault', clusterSecretStore: 'vault', pathPrefix: 'open4goods/defaults' } };
    const merged = mergeOverrides(base, { secrets: { kind: 'vault', pathPrefix: 'open4goods/prod' } });
    expect(merged.secrets).toEqual({ kind: 'vault', pathPrefix: 'open4goods/prod' });
  });

  it('merges key by key any other object, even one with a "kind", "mode" or "status" key', () => {
    const base = { storage: { kind: 'longhorn', replicas: 3, zone: 'a' }, flux: { mode: 'a', status: 'b', interval: '10m' } };
    expect(mergeOverrides(base, { storage: { kind: 'longhorn', replicas: 2 }, flux: { status: 'c', interval: '5m' } })).toEqual({
      storage: { kind: 'longhorn', replicas: 2, zone: 'a' },
      flux: { mode: 'a', status: 'c', interval: '5m' },
    });
  });

  it('does not mutate the base', () => {
    const base = deepFreeze({ a: 1, b: { c: 2, d: { e: 3 } }, list: [1, 2], secrets: { kind: 'vault', pathPrefix: 'p' } });
    const snapshot = structuredClone(base);
    const merged = mergeOverrides(base, { a: 2, b: { d: { e: 4, f: 5 } }, list: [3], secrets: { kind: 'sops' } });
    expect(base).toEqual(snapshot);
    expect(merged).toEqual({ a: 2, b: { c: 2, d: { e: 4, f: 5 } }, list: [3], secrets: { kind: 'sops' } });
    expect(merged.b).not.toBe(base.b);
  });

  it('does not mutate the overrides', () => {
    const overrides = deepFreeze({ b: { c: 5 } });
    const merged = mergeOverrides({ a: 1, b: { c: 2, d: 3 } }, overrides);
    expect(overrides).toEqual({ b: { c: 5 } });
    expect(merged).toEqual({ a: 1, b: { c: 5, d: 3 } });
  });

  it('applies the prod overrides to the defaults without touching the defaults', () => {
    const snapshot = structuredClone(defaultSettings);
    const merged = mergeOverrides(defaultSettings, prodOverrides);
    expect(defaultSettings).toEqual(snapshot);
    // Merged key by key: prod overrides the node's cpu request, keeps the default user.
    expect(merged.mysql.resources.requests).toEqual({ cpu: '500m', memory: '2Gi' });
    expect(merged.mysql.user).toBe('xwiki');
    expect(merged.mysql.maxConnections).toBe(151);
    expect(merged.flux).toEqual({ interval: '10m', timeout: '5m', suspendAppsWhileDecisionsOpen: true });
    // Decisions replaced whole; the ones prod leaves out come from the defaults.
    expect(merged.decisions.fqdn).toEqual({ status: 'open', value: { xwiki: 'wiki.open4goods.org' }, question: 'Which host name serves the production wiki?' });
    expect(merged.decisions.restoreTestFrequency).toBe(defaultSettings.decisions.restoreTestFrequency);
  });
});
