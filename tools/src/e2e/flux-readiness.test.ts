import { describe, expect, it } from 'vitest';
import { durationSeconds, longestTimeoutChain, orderAndTimeoutProblems, readyRecords, unitStatuses } from './flux-readiness.ts';

const kustomization = (name: string, options: { dependsOn?: string[]; timeout?: string; ready?: 'True' | 'False'; observed?: number; suspend?: boolean } = {}) => ({
  kind: 'Kustomization' as const,
  metadata: { name, namespace: 'flux-system', generation: 2 },
  spec: { dependsOn: options.dependsOn?.map((dependency) => ({ name: dependency })), timeout: options.timeout, suspend: options.suspend },
  status: {
    observedGeneration: options.observed ?? 2,
    conditions: options.ready ? [{ type: 'Ready', status: options.ready, reason: options.ready === 'True' ? 'ReconciliationSucceeded' : 'HealthCheckFailed', message: 'm' }] : [],
  },
});

describe('Flux readiness from the API server status', () => {
  it('counts Ready=True only for the generation in spec, and reads dependsOn, timeout and suspend', () => {
    const [crds, stale, stuck] = unitStatuses({
      items: [kustomization('crds', { ready: 'True', timeout: '1h30m' }), kustomization('stale', { ready: 'True', observed: 1 }), kustomization('stuck', { ready: 'False', dependsOn: ['crds'], suspend: true })],
    });
    expect(crds).toMatchObject({ id: 'Kustomization flux-system/crds', ready: true, timeoutSeconds: 5400, dependsOn: [] });
    expect(stale!.ready).toBe(false);
    expect(stuck).toMatchObject({ ready: false, suspended: true, reason: 'HealthCheckFailed', dependsOn: ['Kustomization flux-system/crds'], timeoutSeconds: 300 });
  });

  it('reads Flux durations and refuses anything else', () => {
    expect(durationSeconds('5m')).toBe(300);
    expect(durationSeconds('1h0m30s')).toBe(3630);
    expect(() => durationSeconds('5 minutes')).toThrow(/not a Flux duration/);
  });

  const units = unitStatuses({ items: [kustomization('a', { timeout: '1m' }), kustomization('b', { dependsOn: ['a'], timeout: '2m' }), kustomization('c', { dependsOn: ['a', 'b'], timeout: '1m' })] });

  it('orders the units by the time they became Ready, each timed from its last dependency', () => {
    const records = readyRecords(units, new Map([['Kustomization flux-system/a', 10], ['Kustomization flux-system/b', 50], ['Kustomization flux-system/c', 55]]));
    expect(records).toEqual([
      { id: 'Kustomization flux-system/a', readyAt: 10, took: 10 },
      { id: 'Kustomization flux-system/b', readyAt: 50, took: 40 },
      { id: 'Kustomization flux-system/c', readyAt: 55, took: 5 },
    ]);
  });

  it('reports a unit Ready before its dependency, or slower than its timeout after it', () => {
    expect(orderAndTimeoutProblems(units, new Map([['Kustomization flux-system/a', 10], ['Kustomization flux-system/b', 50], ['Kustomization flux-system/c', 55]]), 0)).toEqual([]);
    expect(orderAndTimeoutProblems(units, new Map([['Kustomization flux-system/a', 60], ['Kustomization flux-system/b', 50], ['Kustomization flux-system/c', 300]]), 5)).toEqual([
      'Kustomization flux-system/b was Ready at 50 s, before its dependency Kustomization flux-system/a (60 s)',
      'Kustomization flux-system/c took 240 s after its dependencies, more than its timeout of 60 s',
    ]);
  });

  it('bounds a fresh install by the longest chain of timeouts, and refuses a cycle', () => {
    expect(longestTimeoutChain(units)).toBe(60 + 120 + 60);
    expect(() => longestTimeoutChain(unitStatuses({ items: [kustomization('x', { dependsOn: ['y'] }), kustomization('y', { dependsOn: ['x'] })] }))).toThrow(/cycle/);
  });
});
