import type { Decisions, Environment } from './environment.ts';

export interface OpenDecision {
  readonly name: keyof Decisions;
  readonly question: string;
  readonly proposal: unknown;
}

/** The decisions of an environment that are still open, in declaration order. */
export function openDecisionsOf(environment: Environment): OpenDecision[] {
  return (Object.entries(environment.decisions) as [keyof Decisions, Decisions[keyof Decisions]][])
    .filter(([, decision]) => decision.status === 'open')
    .map(([name, decision]) => ({ name, question: decision.status === 'open' ? decision.question : '', proposal: decision.value }));
}

/**
 * Whether Flux keeps the environment's apps suspended: the environment asks for it and a decision
 * is still open. The engine suspends the apps Flux Kustomizations; alerts about apps use it so they
 * do not fire for applications that are deliberately not deployed.
 */
export function appsSuspendedIn(environment: Environment): boolean {
  return environment.flux.suspendAppsWhileDecisionsOpen && openDecisionsOf(environment).length > 0;
}
