import { Namespace } from 'kubernetes-models/v1/Namespace';
import { neverPrunedByFlux } from './data-retention.ts';
import { standardLabels } from './labels.ts';

export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

export type PodSecurityPolicy =
  | { readonly level: 'restricted' }
  /** Anything below restricted is an exemption and must say why, in the object itself. */
  | { readonly level: 'baseline' | 'privileged'; readonly exemptionReason: string };

export const podSecurityExemptionAnnotation = 'open4goods.org/pod-security-exemption';

/**
 * The Pod Security version every Namespace pins (`*-version`): the controls of Kubernetes 1.37,
 * which the build's checker implements and is tested against (the upstream fixtures of
 * k8s.io/pod-security-admission for v1.37). With `latest`, an API server upgrade would change what
 * is admitted without a commit; pinned, the change is a reviewed bump of this constant.
 */
export const podSecurityVersion = 'v1.37';

/**
 * A Namespace with Pod Security admission labels. Enforce, audit and warn are set to the same
 * level so a violation is refused, logged and shown to whoever applies it. Flux never prunes it:
 * deleting a Namespace deletes every volume in it, so a removed component leaves its Namespace
 * for the operator to delete by hand once its data is backed up (README: remove a component).
 */
export function renderNamespace(name: string, podSecurity: PodSecurityPolicy, component: string): Namespace {
  if (podSecurity.level !== 'restricted' && !podSecurity.exemptionReason.trim()) {
    throw new Error(`namespace ${name}: Pod Security level "${podSecurity.level}" needs an exemption reason`);
  }
  return new Namespace({
    metadata: {
      name,
      labels: {
        ...standardLabels({ name, component }),
        'pod-security.kubernetes.io/enforce': podSecurity.level,
        'pod-security.kubernetes.io/enforce-version': podSecurityVersion,
        'pod-security.kubernetes.io/audit': podSecurity.level,
        'pod-security.kubernetes.io/audit-version': podSecurityVersion,
        'pod-security.kubernetes.io/warn': podSecurity.level,
        'pod-security.kubernetes.io/warn-version': podSecurityVersion,
      },
      annotations: {
        ...neverPrunedByFlux,
        ...(podSecurity.level !== 'restricted' ? { [podSecurityExemptionAnnotation]: podSecurity.exemptionReason } : {}),
      },
    },
  });
}
