import { loadEnvironment, parseByteQuantity } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { resourcePresets, resourceRequirements } from './resources.ts';

describe('resourceRequirements', () => {
  it('copies requests and the memory limit, without a CPU limit when none is set', () => {
    expect(resourceRequirements({ requests: { cpu: '250m', memory: '1Gi' }, limits: { memory: '2Gi' } })).toEqual({
      requests: { cpu: '250m', memory: '1Gi' },
      limits: { memory: '2Gi' },
    });
  });

  it('keeps a CPU limit when one is set', () => {
    expect(resourceRequirements({ requests: { cpu: '250m', memory: '1Gi' }, limits: { cpu: '2', memory: '2Gi' } })).toEqual({
      requests: { cpu: '250m', memory: '1Gi' },
      limits: { cpu: '2', memory: '2Gi' },
    });
  });

  it('renders the sizes of an environment', () => {
    const prod = loadEnvironment('prod');
    expect(resourceRequirements(prod.mysql.resources)).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '3Gi' } });
  });

  it('returns new objects, not the input', () => {
    const resources = { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } };
    const requirements = resourceRequirements(resources);
    expect(requirements.requests).not.toBe(resources.requests);
    expect(requirements.limits).not.toBe(resources.limits);
  });
});

describe('resourcePresets', () => {
  it('offers sidecar, init and job sizes', () => {
    expect(Object.keys(resourcePresets)).toEqual(['sidecar', 'init', 'job']);
    expect(resourcePresets.sidecar).toEqual({ requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } });
    expect(resourcePresets.init).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } });
    expect(resourcePresets.job).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } });
  });

  it.each(Object.entries(resourcePresets))('%s has no CPU limit and a memory limit at least its request', (_, preset) => {
    expect(preset.limits).not.toHaveProperty('cpu');
    expect(parseByteQuantity(preset.limits.memory)!).toBeGreaterThanOrEqual(parseByteQuantity(preset.requests.memory)!);
    expect(resourceRequirements(preset).limits).toEqual({ memory: preset.limits.memory });
  });
});
