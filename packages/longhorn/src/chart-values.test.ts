import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { chartValuesProblems, referenceAvailable } from '@open4goods/kit/testing';
import { describe, expect, it } from 'vitest';
import { longhornValues } from './controller.ts';

describe.runIf(referenceAvailable('charts/longhorn/values.yaml'))('Longhorn values against the chart 1.12 defaults', () => {
  it.each(['prod', 'staging'] as const)('every key set in %s is a key of the chart', (name) => {
    expect(chartValuesProblems('longhorn', longhornValues(loadEnvironment(name)))).toEqual([]);
  });

  it('holds for a three-node cluster and a retention that raises recurringJobMaxRetention', () => {
    const prod = loadEnvironment('prod');
    const variant = defineEnvironment('prod', prod.sourceFile, { cluster: { nodeCount: 3 }, decisions: { recoveryObjectives: { status: 'locked', value: { rpo: '6h', rto: '4h' } } } }, prod);
    const values = longhornValues(variant);
    expect(values.defaultSettings.recurringJobMaxRetention).toBe(120);
    expect(chartValuesProblems('longhorn', values)).toEqual([]);
  });

  it('would catch a misspelt key', () => {
    const values = longhornValues(loadEnvironment('prod'));
    expect(chartValuesProblems('longhorn', { ...values, preUpgradeCheck: { jobEnabled: false } })).toEqual(['not a key of the longhorn chart: preUpgradeCheck']);
  });
});
