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
