import { describe, expect, it } from 'vitest';
import { chartValuesProblems, mergeHelmValues, unknownValuePaths } from './chart-values.ts';
import { referenceAvailable } from './reference-data.ts';

const defaults = {
  persistence: { defaultClass: true, defaultClassReplicaCount: 3, recurringJobSelector: { enable: false, jobList: [] } },
  defaultSettings: { defaultReplicaCount: null, storageReservedPercentageForDefaultDisk: null },
  controller: { config: { entries: {} }, replicaCount: 1 },
  env: [],
};

describe('unknownValuePaths', () => {
  it('accepts keys the defaults have, at any depth', () => {
    expect(unknownValuePaths({ persistence: { defaultClass: false, recurringJobSelector: { enable: true } } }, defaults)).toEqual([]);
  });

  it('names every key path the defaults lack', () => {
    expect(unknownValuePaths({ persistence: { defaultClas: false }, defaultSetting: {}, controller: { replicas: 2 } }, defaults)).toEqual([
      'persistence.defaultClas',
      'defaultSetting',
      'controller.replicas',
    ]);
  });

  it('accepts any content below a free-form map, a null setting or a list', () => {
    expect(unknownValuePaths({ controller: { config: { entries: { hsts: 'True', 'ssl-protocols': 'TLSv1.2 TLSv1.3' } } } }, defaults)).toEqual([]);
    expect(unknownValuePaths({ defaultSettings: { defaultReplicaCount: '{"v1":"1"}' } }, defaults)).toEqual([]);
    expect(unknownValuePaths({ env: [{ name: 'OVH_CONSUMER_KEY' }] }, defaults)).toEqual([]);
  });

  it('refuses a scalar where the chart has a map, and a map where it has a scalar', () => {
    expect(unknownValuePaths({ persistence: { recurringJobSelector: 'on' } }, defaults)).toEqual(['persistence.recurringJobSelector (a string where the chart has a map)']);
    expect(unknownValuePaths({ controller: { replicaCount: { min: 1 } } }, defaults)).toEqual(['controller.replicaCount (a map where the chart has 1)']);
  });
});

describe('mergeHelmValues', () => {
  it('merges maps, replaces lists and scalars, and deletes keys set to null, as Helm does', () => {
    expect(mergeHelmValues({ a: { b: 1, c: [1, 2] }, d: 'x', e: 1 }, { a: { c: [3] }, d: 'y', e: null })).toEqual({ a: { b: 1, c: [3] }, d: 'y' });
  });

  it('keeps the defaults where nothing is set', () => {
    expect(mergeHelmValues(defaults, {})).toEqual(defaults);
  });
});

describe.runIf(referenceAvailable('charts/cert-manager/values.schema.json'))('chartValuesProblems against a real chart', () => {
  it('accepts keys and types the cert-manager chart has', () => {
    expect(chartValuesProblems('cert-manager', { crds: { enabled: true, keep: true }, prometheus: { servicemonitor: { enabled: true } } })).toEqual([]);
  });

  it('reports an unknown key and what the schema refuses', () => {
    const problems = chartValuesProblems('cert-manager', { installCRD: true, crds: { enabled: 'yes' } });
    expect(problems).toContain('not a key of the cert-manager chart: installCRD');
    expect(problems.some((problem) => problem.startsWith('refused by the cert-manager values schema:') && problem.includes('/crds/enabled'))).toBe(true);
  });
});
