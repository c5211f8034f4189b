import type { IIoK8sApiCoreV1PodSecurityContext } from 'kubernetes-models/v1/PodSecurityContext';
import type { IIoK8sApiCoreV1SecurityContext } from 'kubernetes-models/v1/SecurityContext';

export interface PodIdentity {
  /** Non-zero user id the containers run as. */
  readonly runAsUser: number;
  /** Primary group id; defaults to the user id. */
  readonly runAsGroup?: number;
  /** Group that owns mounted volumes; defaults to the group id. */
  readonly fsGroup?: number;
}

function requireNonRoot(identity: Partial<PodIdentity>): void {
  for (const [field, id] of Object.entries(identity)) {
    if (id === undefined) continue; // an optional id left unset takes its default
    if (!Number.isInteger(id) || (id as number) <= 0) {
      throw new Error(`hardened pods run as a non-root identity: ${field} must be a positive integer, got ${String(id)}`);
    }
  }
}

/**
 * Pod-level hardening that satisfies Pod Security `restricted`: non-root with a fixed identity,
 * RuntimeDefault seccomp, volume ownership fixed only when it is wrong (fast restarts on big PVCs).
 */
export function hardenedPodSecurityContext(identity: PodIdentity): IIoK8sApiCoreV1PodSecurityContext {
  requireNonRoot(identity);
  const runAsGroup = identity.runAsGroup ?? identity.runAsUser;
  return {
    runAsNonRoot: true,
    runAsUser: identity.runAsUser,
    runAsGroup,
    fsGroup: identity.fsGroup ?? runAsGroup,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

export interface ContainerHardeningOptions {
  /** Defaults to true: writable paths must be declared as volumes. */
  readonly readOnlyRootFilesystem?: boolean;
  /** Defaults to the pod's identity. */
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
}

/**
 * Container-level hardening: no privilege escalation, every capability dropped, read-only root
 * filesystem unless a caller says why not.
 */
export function hardenedContainerSecurityContext(options: ContainerHardeningOptions = {}): IIoK8sApiCoreV1SecurityContext {
  requireNonRoot({ runAsUser: options.runAsUser, runAsGroup: options.runAsGroup });
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: options.readOnlyRootFilesystem ?? true,
    runAsNonRoot: true,
    ...(options.runAsUser !== undefined ? { runAsUser: options.runAsUser } : {}),
    ...(options.runAsGroup !== undefined ? { runAsGroup: options.runAsGroup } : {}),
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
