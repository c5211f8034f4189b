import type { PodSecurityLevel, PodTemplate } from '@open4goods/kit';
import { type ControlledLevel, controlsOf } from './controls.ts';

export const podSecurityLevels = ['baseline', 'restricted'] as const satisfies readonly ControlledLevel[];

export interface FailedControl {
  readonly control: string;
  readonly details: readonly string[];
}

export interface PodSecurityVerdict {
  readonly owner: string;
  readonly level: PodSecurityLevel;
  readonly allowed: boolean;
  readonly failed: readonly FailedControl[];
}

/** Evaluates a pod template against every control of a level (privileged allows everything). */
export function checkPodSecurity(pod: PodTemplate, level: PodSecurityLevel): PodSecurityVerdict {
  if (level === 'privileged') return { owner: pod.owner, level, allowed: true, failed: [] };
  const failed = controlsOf(level).flatMap((control) => {
    const details = control.check(pod);
    return details.length > 0 ? [{ control: control.id, details }] : [];
  });
  return { owner: pod.owner, level, allowed: failed.length === 0, failed };
}

export function isControlledLevel(value: string): value is ControlledLevel {
  return (podSecurityLevels as readonly string[]).includes(value);
}

/** `restricted: Deployment/ns/web violates runAsNonRoot (container "web" …); capabilities_restricted (…)` */
export function describeVerdict(verdict: PodSecurityVerdict): string {
  if (verdict.allowed) return `${verdict.owner}: allowed at ${verdict.level}`;
  const controls = verdict.failed.map((failure) => `    ${failure.control}: ${failure.details.join('; ')}`);
  return [`${verdict.owner}: violates ${verdict.level} (${verdict.failed.map((failure) => failure.control).join(', ')})`, ...controls].join('\n');
}
