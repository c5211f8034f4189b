import type { PlainObject } from '../engine/plain-object.ts';
import { keyString } from '../engine/plain-object.ts';
import type { RenderedEnvironment } from '../engine/render.ts';

/**
 * Applied before any workload: what the API server consults when it admits a pod, and the
 * PersistentVolumeClaims pods name (without them no pod that mounts one is scheduled).
 */
export const admissionContextKinds = ['Namespace', 'PriorityClass', 'RuntimeClass', 'ServiceAccount', 'LimitRange', 'ResourceQuota', 'PersistentVolumeClaim'] as const;

/** The objects that make pods: the controller-manager's (Deployment... CronJob) and bare Pods (a chart's test pods). */
export const workloadKinds = ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod'] as const;

/** A workload of the render and the pods the cluster must create for it at first. */
export interface ExpectedWorkload {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  /** Pods created on the first pass (replicas, Job parallelism, one per node for a DaemonSet). */
  readonly pods: number;
  /** `ours` or the chart's HelmRelease. */
  readonly source: string;
}

export interface AdmissionSet {
  readonly context: readonly PlainObject[];
  readonly workloads: readonly PlainObject[];
  /** The CronJobs (among the workloads), from which the scenario creates one Job each (`kubectl create job --from=cronjob/...`). */
  readonly cronJobs: readonly PlainObject[];
  readonly expected: readonly ExpectedWorkload[];
}

interface JobSpec {
  readonly suspend?: boolean;
  readonly parallelism?: number;
  readonly completions?: number;
}

/** The pods a Job creates before any completes: its parallelism, at most its completions; none while suspended. */
export function firstJobPods(spec: JobSpec): number {
  if (spec.suspend) return 0;
  const parallelism = spec.parallelism ?? 1;
  return Math.min(parallelism, spec.completions ?? parallelism);
}

function expectedPods(object: PlainObject): number {
  const spec = (object.spec ?? {}) as { replicas?: number; jobTemplate?: { spec?: JobSpec } } & JobSpec;
  switch (object.kind) {
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
      return spec.replicas ?? 1;
    case 'Job':
      return firstJobPods(spec);
    case 'CronJob':
      return firstJobPods(spec.jobTemplate?.spec ?? {});
    default:
      // A DaemonSet on the one node, a bare Pod.
      return 1;
  }
}

/** The name of the Job the scenario creates from a CronJob (as `kubectl create job <name> --from=cronjob/<cronjob>`). */
export const jobNameFromCronJob = (cronJob: string): string => `${cronJob}-e2e`.slice(0, 63).replace(/-+$/, '');

/**
 * The objects of an environment's render that decide and undergo pod admission: ours (every unit)
 * and every chart's (as helm-controller installs them, hooks and test pods included), each once.
 */
export function admissionSetOf(render: RenderedEnvironment): AdmissionSet {
  const sources = [
    ...render.units.flatMap((unit) => unit.objects.map((object) => ({ object, source: 'ours' }))),
    ...render.charts.flatMap((chart) => chart.objects.map((object) => ({ object, source: `chart ${chart.chart.chart} (HelmRelease ${chart.chart.release})` }))),
  ];
  const seen = new Set<string>();
  const unique = sources.filter(({ object }) => {
    const key = keyString(object);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const ofKinds = (kinds: readonly string[]) => unique.filter(({ object }) => kinds.includes(object.kind));
  const workloads = ofKinds(workloadKinds);
  const expected = workloads.map(({ object, source }) => ({
    kind: object.kind === 'CronJob' ? 'Job' : object.kind,
    namespace: object.metadata.namespace!,
    name: object.kind === 'CronJob' ? jobNameFromCronJob(object.metadata.name) : object.metadata.name,
    pods: expectedPods(object),
    source: object.kind === 'CronJob' ? `${source}, Job from CronJob ${object.metadata.name}` : source,
  }));
  return {
    context: ofKinds(admissionContextKinds).map(({ object }) => object),
    workloads: workloads.map(({ object }) => object),
    cronJobs: workloads.filter(({ object }) => object.kind === 'CronJob').map(({ object }) => object),
    expected: expected.filter((workload) => workload.pods > 0),
  };
}
