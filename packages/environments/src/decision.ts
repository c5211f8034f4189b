/**
 * A decision of the specification: a value the platform needs and that the owners of Open4Goods
 * must agree on. While a decision is open the build still renders with the proposed value, but
 * an environment that sets `flux.suspendAppsWhileDecisionsOpen` keeps its apps suspended.
 */
export type Decision<T> =
  | { readonly status: 'locked'; readonly value: T }
  | { readonly status: 'open'; readonly value: T; readonly question: string };

/** A decision that has been agreed on. */
export function locked<T>(value: T): Decision<T> {
  return { status: 'locked', value };
}

/** A decision still under discussion: `value` is the proposal the build renders meanwhile. */
export function open<T>(value: T, question: string): Decision<T> {
  return { status: 'open', value, question };
}
