import { describe, expect, it } from 'vitest';
import type { PlainObject } from '../engine/plain-object.ts';
import type { RenderedEnvironment } from '../engine/render.ts';
import { admissionSetOf, firstJobPods, jobNameFromCronJob } from './environment-workloads.ts';

const object = (kind: string, name: string, namespace?: string, spec?: unknown): PlainObject => ({
  apiVersion: kind === 'Namespace' || kind === 'ServiceAccount' || kind === 'Pod' ? 'v1' : kind.endsWith('Job') ? 'batch/v1' : 'apps/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...(spec ? { spec } : {}),
});

const render = (ours: PlainObject[], chartObjects: PlainObject[]): RenderedEnvironment =>
  ({
    units: [{ objects: ours }],
    charts: [{ chart: { chart: 'demo', release: 'apps/demo' }, objects: chartObjects }],
  }) as unknown as RenderedEnvironment;

describe('admissionSetOf', () => {
  it('applies what admission consults first, then every workload of ours and of the charts, once each', () => {
    const set = admissionSetOf(
      render(
        [object('Namespace', 'apps'), object('ServiceAccount', 'app', 'apps'), object('Deployment', 'web', 'apps', { replicas: 2 }), object('CronJob', 'nightly', 'apps', { jobTemplate: { spec: { parallelism: 3, completions: 2 } } }), object('ConfigMap', 'settings', 'apps')],
        [object('ServiceAccount', 'app', 'apps'), object('DaemonSet', 'agent', 'apps'), object('Job', 'hook', 'apps', { suspend: true }), object('Pod', 'chart-test', 'apps')],
      ),
    );
    expect(set.context.map((item) => `${item.kind}/${item.metadata.name}`)).toEqual(['Namespace/apps', 'ServiceAccount/app']);
    expect(set.workloads.map((item) => `${item.kind}/${item.metadata.name}`)).toEqual(['Deployment/web', 'CronJob/nightly', 'DaemonSet/agent', 'Job/hook', 'Pod/chart-test']);
    expect(set.cronJobs.map((item) => item.metadata.name)).toEqual(['nightly']);
    expect(set.expected.map((workload) => `${workload.kind} ${workload.name} ${workload.pods} ${workload.source}`)).toEqual([
      'Deployment web 2 ours',
      'Job nightly-e2e 2 ours, Job from CronJob nightly',
      'DaemonSet agent 1 chart demo (HelmRelease apps/demo)',
      'Pod chart-test 1 chart demo (HelmRelease apps/demo)',
    ]);
  });

  it('counts a Job\'s first pods as the Job controller creates them', () => {
    expect(firstJobPods({})).toBe(1);
    expect(firstJobPods({ parallelism: 4, completions: 2 })).toBe(2);
    expect(firstJobPods({ parallelism: 2 })).toBe(2);
    expect(firstJobPods({ suspend: true })).toBe(0);
  });

  it('names the Job made from a CronJob within the 63 characters of a label value', () => {
    expect(jobNameFromCronJob('mysql-backup')).toBe('mysql-backup-e2e');
    expect(jobNameFromCronJob('x'.repeat(70))).toHaveLength(63);
  });
});
