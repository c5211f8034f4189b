import { type PodSecurityLevel, type PodTemplate, podSecurityExemptionAnnotation, podTemplatesOf } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';
import { checkPodSecurity, describeVerdict } from './check.ts';

const enforceLabel = 'pod-security.kubernetes.io/enforce';
const levels: readonly string[] = ['privileged', 'baseline', 'restricted'];

/** The enforced Pod Security level of each rendered Namespace (no label: what admission would do, privileged). */
export function enforcedLevels(objects: readonly PlainObject[]): Map<string, PodSecurityLevel> {
  const result = new Map<string, PodSecurityLevel>();
  for (const object of objects) {
    if (object.kind !== 'Namespace') continue;
    const labels = (object.metadata.labels ?? {}) as Record<string, string>;
    const level = labels[enforceLabel];
    result.set(object.metadata.name, level && levels.includes(level) ? (level as PodSecurityLevel) : 'privileged');
  }
  return result;
}

/**
 * Checks every rendered workload against the enforce level of its namespace, as Pod Security
 * admission would when Flux applies it; returns one message per refused workload. A workload in
 * a namespace the platform does not render is refused too: nobody could say which level applies.
 * The charts' pods (`chartObjects`, hook Jobs and test pods included) are checked alike, except
 * that a chart installed into a namespace the platform does not own (metrics-server in
 * kube-system, whose level is the cluster's default) is held to the strictest level, restricted.
 */
export function podSecurityViolations(objects: readonly PlainObject[], chartObjects: readonly PlainObject[] = []): string[] {
  const levelOf = enforcedLevels(objects);
  const check = (pod: PodTemplate, level: PodSecurityLevel, why: string): string[] => {
    const verdict = checkPodSecurity(pod, level);
    return verdict.allowed ? [] : [`${describeVerdict(verdict)}\n    (${why})`];
  };
  const ours = podTemplatesOf(objects).flatMap((pod) => {
    const level = pod.namespace ? levelOf.get(pod.namespace) : undefined;
    if (!level) return [`${pod.owner}: its namespace ${pod.namespace ?? '(none)'} is not rendered by any unit, so its Pod Security level is unknown`];
    return check(pod, level, `namespace ${pod.namespace} enforces ${level}`);
  });
  const charts = podTemplatesOf(chartObjects).flatMap((pod) => {
    const level = pod.namespace ? levelOf.get(pod.namespace) : undefined;
    const hook = pod.metadata.annotations?.['helm.sh/hook'] ?? chartHookOf(chartObjects, pod);
    const what = `rendered by its chart${hook ? `, Helm hook ${hook}` : ''}`;
    if (!level) return check(pod, 'restricted', `${what}; namespace ${pod.namespace} is not the platform's, so it is held to restricted`);
    return check(pod, level, `${what}; namespace ${pod.namespace} enforces ${level}`);
  });
  return [...ours, ...charts];
}

/** The `helm.sh/hook` annotation of the object carrying a pod template (Helm annotates the Job, not its pods). */
function chartHookOf(objects: readonly PlainObject[], pod: PodTemplate): string | undefined {
  const [kind, namespace, name] = pod.owner.split('/');
  const owner = objects.find((object) => object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace);
  return (owner?.metadata.annotations as Record<string, string> | undefined)?.['helm.sh/hook'];
}

const modes = ['enforce', 'audit', 'warn'] as const;

/**
 * Every rendered Namespace states its Pod Security level for enforce, audit and warn alike, and a
 * level below restricted carries the reason for the exemption (kit's renderNamespace does both).
 */
export function namespaceLabelViolations(objects: readonly PlainObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'Namespace')
    .flatMap((object) => {
      const labels = (object.metadata.labels ?? {}) as Record<string, string>;
      const values = modes.map((mode) => labels[`pod-security.kubernetes.io/${mode}`]);
      if (values.some((value) => value === undefined || !levels.includes(value)) || new Set(values).size !== 1) {
        return [`Namespace ${object.metadata.name}: pod-security.kubernetes.io/enforce, audit and warn must be set to one level (got ${values.map(String).join(', ')}): render it with kit's renderNamespace`];
      }
      const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
      if (values[0] !== 'restricted' && !annotations[podSecurityExemptionAnnotation]?.trim()) {
        return [`Namespace ${object.metadata.name}: Pod Security level ${values[0]} without the ${podSecurityExemptionAnnotation} annotation saying why`];
      }
      return [];
    });
}
