import { describe, expect, it } from 'vitest';
import { chartWorkloadViolations } from './chart-workloads.ts';

const manager = {
  apiVersion: 'apps/v1',
  kind: 'DaemonSet',
  metadata: { name: 'longhorn-manager', namespace: 'longhorn-system' },
  spec: { template: { metadata: { labels: { app: 'longhorn-manager' } }, spec: { containers: [{ name: 'm', ports: [{ name: 'manager', containerPort: 9500 }, { containerPort: 9502 }] }] } } },
};
const declared = (ports: { port: number; protocol: 'TCP' }[], podLabels = { app: 'longhorn-manager' }) => ({ name: 'longhorn-manager', namespace: 'longhorn-system', podLabels, ports, callsKubernetesApi: true });

describe('chartWorkloadViolations', () => {
  it('accepts a declaration whose ports the rendered pods expose', () => {
    expect(chartWorkloadViolations([declared([{ port: 9500, protocol: 'TCP' }, { port: 9502, protocol: 'TCP' }])], [manager])).toEqual({ problems: [], runtimeCreated: [] });
  });

  it('refuses a declared port the chart does not render (a flow would open it for nothing)', () => {
    expect(chartWorkloadViolations([declared([{ port: 9501, protocol: 'TCP' }])], [manager]).problems).toEqual([
      'chart workload longhorn-system/longhorn-manager declares 9501/TCP, which DaemonSet/longhorn-system/longhorn-manager as the chart renders it does not expose (it has 9500/TCP, 9502/TCP)',
    ]);
  });

  it('lists a declaration no rendered pod matches as created at run time', () => {
    expect(chartWorkloadViolations([declared([], { app: 'instance-manager' })], [manager]).runtimeCreated).toEqual(['longhorn-system/longhorn-manager']);
  });
});
