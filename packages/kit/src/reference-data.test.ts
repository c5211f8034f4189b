import { describe, expect, it } from 'vitest';
import { unknownChartValueKeys } from './reference-data.ts';

describe('unknownChartValueKeys', () => {
  const defaults = { replicaCount: 1, podLabels: {}, image: { repository: 'r', tag: '' }, webhook: { port: 10250, podLabels: {} }, extraArgs: null, list: [] };

  it('accepts keys the chart has, and any key inside maps it leaves open', () => {
    expect(unknownChartValueKeys({ replicaCount: 2, podLabels: { a: 'b' }, image: { tag: 'v1' }, webhook: { podLabels: { c: 'd' } }, extraArgs: { x: 1 }, list: [1] }, defaults)).toEqual([]);
  });

  it('names every key the chart does not have, with its path', () => {
    expect(unknownChartValueKeys({ replicas: 2, image: { digest: 'sha256:…' }, webhook: { prot: 1 } }, defaults)).toEqual(['replicas', 'image.digest', 'webhook.prot']);
  });

  it('refuses an object where the chart has a scalar', () => {
    expect(unknownChartValueKeys({ replicaCount: { value: 1 } }, defaults)).toEqual(['replicaCount']);
  });
});
