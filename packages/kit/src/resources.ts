import type { ComputeResources } from '@open4goods/environments';
import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

/**
 * Sizes for containers whose needs do not depend on the environment (exporters, jobs). Memory
 * limits always equal requests so the scheduler's view matches what the kernel enforces; CPU has
 * no limit (throttling hurts latency more than it protects neighbours on a small cluster).
 */
export const resourcePresets = {
  /** Metrics exporters and other small sidecars. */
  sidecar: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '64Mi' } },
  /** Short init containers that copy or render files. */
  init: { requests: { cpu: '10m', memory: '16Mi' }, limits: { memory: '32Mi' } },
  /** Batch jobs (dumps, uploads). */
  job: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '512Mi' } },
} as const satisfies Record<string, ComputeResources>;

/** Kubernetes resource requirements from an environment's sizes. */
export function resourceRequirements(resources: ComputeResources): IIoK8sApiCoreV1ResourceRequirements {
  return {
    requests: { cpu: resources.requests.cpu, memory: resources.requests.memory },
    limits: { ...(resources.limits.cpu ? { cpu: resources.limits.cpu } : {}), memory: resources.limits.memory },
  };
}
