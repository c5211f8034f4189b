import { type Environment, parseDurationSeconds } from '@open4goods/environments';
import { fluxForceAnnotation, hardenedContainerSecurityContext, hardenedPodSecurityContext, resourcePresets, resourceRequirements, standardLabels } from '@open4goods/kit';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { checkedRevisionAnnotation, smokeJobLabel } from './names.ts';

/** A writable /tmp for the shells and clients; everything else is read-only. */
export const tmpVolume: IIoK8sApiCoreV1Volume = { name: 'tmp', emptyDir: { sizeLimit: '64Mi' } };
export const tmpMount: IIoK8sApiCoreV1VolumeMount = { name: 'tmp', mountPath: '/tmp' };

export interface SmokeJobOptions {
  readonly environment: Environment;
  readonly name: string;
  readonly namespace: string;
  /** The pod's labels: a smoke check's, or those of the workload a network probe imitates. */
  readonly podLabels: Readonly<Record<string, string>>;
  /** What the Job proves, in a sentence (an annotation operators read with kubectl describe). */
  readonly description: string;
  /** Changes whenever what the Job checks changes, so Flux recreates the Job and it runs again. */
  readonly revision: string;
  readonly runAsUser: number;
  readonly serviceAccountName?: string;
  readonly container: Omit<IIoK8sApiCoreV1Container, 'securityContext' | 'resources'>;
  readonly volumes?: readonly IIoK8sApiCoreV1Volume[];
  /** The longest a run may take; a slower run is killed and fails. */
  readonly activeDeadlineSeconds: number;
}

/**
 * A smoke Job as Flux runs it after a deploy. Flux waits for it to complete (health check), and
 * recreates it when its template changes (force annotation: a Job's template is immutable).
 * Finished Jobs are deleted after `smoke.rerunAfter`, and Flux then creates them again: the checks
 * also run at that pace when nothing changes. One retry absorbs a pod lost with its node; a real
 * regression fails twice. Restricted Pod Security, no API token, nothing writable but /tmp.
 */
export function renderSmokeJob(options: SmokeJobOptions): Job {
  const { environment } = options;
  const podSpec: IIoK8sApiCoreV1PodSpec = {
    ...(options.serviceAccountName ? { serviceAccountName: options.serviceAccountName } : {}),
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: 'Never',
    securityContext: hardenedPodSecurityContext({ runAsUser: options.runAsUser }),
    containers: [
      {
        ...options.container,
        resources: resourceRequirements(resourcePresets.job),
        securityContext: hardenedContainerSecurityContext(),
        volumeMounts: [...(options.container.volumeMounts ?? []), tmpMount],
      },
    ],
    volumes: [...(options.volumes ?? []), tmpVolume],
  };
  return new Job({
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: { ...standardLabels({ name: options.name, component: 'smoke-test' }), [smokeJobLabel]: options.name },
      annotations: { ...fluxForceAnnotation, 'open4goods.org/checks': options.description },
    },
    spec: {
      backoffLimit: 1,
      activeDeadlineSeconds: options.activeDeadlineSeconds,
      ttlSecondsAfterFinished: parseDurationSeconds(environment.smoke.rerunAfter)!,
      template: {
        metadata: { labels: { ...options.podLabels, [smokeJobLabel]: options.name }, annotations: { [checkedRevisionAnnotation]: options.revision } },
        spec: podSpec,
      },
    },
  });
}
