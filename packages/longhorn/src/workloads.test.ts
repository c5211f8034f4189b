import { loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { renderRecurringJobs } from './backups.ts';
import longhorn from './index.ts';

describe.each(['prod', 'staging'] as const)("Longhorn's pods in %s, as NetworkPolicies select them", (name) => {
  const environment = loadEnvironment(name);
  const workloads = longhorn.chartWorkloads!(environment);
  const byName = new Map(workloads.map((workload) => [workload.name, workload]));

  it('are all in longhorn-system, under distinct names', () => {
    expect(new Set(workloads.map((workload) => workload.namespace))).toEqual(new Set(['longhorn-system']));
    expect(byName.size).toBe(workloads.length);
  });

  it("select the chart's and the driver deployer's pods by their app label", () => {
    expect(byName.get('longhorn-manager')!.podLabels).toEqual({ app: 'longhorn-manager' });
    expect(byName.get('longhorn-ui')!.podLabels).toEqual({ app: 'longhorn-ui' });
    expect(byName.get('longhorn-csi-plugin')!.podLabels).toEqual({ app: 'longhorn-csi-plugin' });
    for (const sidecar of ['csi-attacher', 'csi-provisioner', 'csi-resizer', 'csi-snapshotter']) expect(byName.get(sidecar)!.podLabels).toEqual({ app: sidecar });
  });

  it("select the instance managers by longhorn-manager's component label, with their service ports and data-path range", () => {
    expect(byName.get('instance-manager')).toMatchObject({
      podLabels: { 'longhorn.io/component': 'instance-manager' },
      ports: [
        { port: 8500, endPort: 8504, protocol: 'TCP' },
        { port: 10000, endPort: 30000, protocol: 'TCP' },
      ],
      callsKubernetesApi: false,
    });
  });

  it("give longhorn-manager its API, webhook and recovery ports by the names the chart's Services target", () => {
    expect(byName.get('longhorn-manager')!.ports).toEqual([
      { name: 'manager', port: 9500, protocol: 'TCP' },
      { name: 'admission-wh', port: 9502, protocol: 'TCP' },
      { name: 'recov-backend', port: 9503, protocol: 'TCP' },
    ]);
  });

  it('include the CronJob pods of every rendered RecurringJob, labelled as longhorn-manager labels them', () => {
    const jobs = renderRecurringJobs(environment).map((job) => job.spec.name);
    expect(jobs).toHaveLength(2);
    for (const job of jobs) {
      expect(byName.get(`recurring-job-${job}`)).toEqual({
        name: `recurring-job-${job}`,
        namespace: 'longhorn-system',
        podLabels: { 'longhorn.io/managed-by': 'longhorn-manager', 'recurring-job.longhorn.io': job },
        ports: [],
        callsKubernetesApi: true,
      });
    }
  });

  it('mark as API clients the controllers only, not the UI, the instance managers or the engine images', () => {
    expect(workloads.filter((workload) => !workload.callsKubernetesApi).map((workload) => workload.name)).toEqual(['longhorn-ui', 'instance-manager', 'engine-image']);
  });
});
