import { type PodTemplate, podPortsOf } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';
import { type PodEndpoint, namespaceNameLabel } from './endpoints.ts';

/** Labels of every rendered Namespace, with the name label the API server adds to each. */
export function namespaceLabelsOf(objects: readonly PlainObject[]): Map<string, Record<string, string>> {
  const labels = new Map<string, Record<string, string>>();
  for (const object of objects) {
    if (object.kind === 'Namespace') labels.set(object.metadata.name, { ...((object.metadata.labels ?? {}) as Record<string, string>), [namespaceNameLabel]: object.metadata.name });
  }
  return labels;
}

/** A rendered pod template as the policy evaluator sees it, named by the object that carries it. */
export function podEndpointOf(pod: PodTemplate, namespaceLabels: ReadonlyMap<string, Record<string, string>>, name: string = pod.owner): PodEndpoint {
  return {
    kind: 'pod',
    name,
    namespace: pod.namespace!,
    labels: pod.metadata.labels ?? {},
    namespaceLabels: namespaceLabels.get(pod.namespace!) ?? { [namespaceNameLabel]: pod.namespace! },
    ports: podPortsOf(pod.spec),
  };
}
