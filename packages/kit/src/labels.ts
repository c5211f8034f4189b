export const partOf = 'open4goods';
export const managedBy = 'o4g';

export interface LabelOptions {
  /** `app.kubernetes.io/name`: the application, e.g. `mysql`. */
  readonly name: string;
  /** `app.kubernetes.io/instance`: which installation; defaults to the name. */
  readonly instance?: string;
  /** `app.kubernetes.io/component`: its role, e.g. `database`. */
  readonly component?: string;
  /** `app.kubernetes.io/version`. */
  readonly version?: string;
}

/** The recommended `app.kubernetes.io/*` labels for every object of a workload. */
export function standardLabels(options: LabelOptions): Record<string, string> {
  return {
    'app.kubernetes.io/name': options.name,
    'app.kubernetes.io/instance': options.instance ?? options.name,
    ...(options.component ? { 'app.kubernetes.io/component': options.component } : {}),
    'app.kubernetes.io/part-of': partOf,
    'app.kubernetes.io/managed-by': managedBy,
    ...(options.version ? { 'app.kubernetes.io/version': options.version } : {}),
  };
}

/**
 * The labels a selector matches: only the stable ones, because a Deployment's or StatefulSet's
 * selector is immutable and must not change when the version does.
 */
export function selectorLabels(options: Pick<LabelOptions, 'name' | 'instance'>): Record<string, string> {
  return { 'app.kubernetes.io/name': options.name, 'app.kubernetes.io/instance': options.instance ?? options.name };
}
