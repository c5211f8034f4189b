/**
 * What a unit renders: a `kubernetes-models` instance (which carries `validate()`), or a typed
 * plain object for a CRD no models package covers.
 */
export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly labels?: Record<string, string>;
    readonly annotations?: Record<string, string>;
  };
  validate?(): void;
  toJSON?(): unknown;
}

/** `kind/namespace/name` (or `kind/name` for cluster-scoped objects): how errors and overlays name an object. */
export function describeObject(object: KubernetesObject): string {
  const namespace = object.metadata?.namespace;
  return `${object.kind}/${namespace ? `${namespace}/` : ''}${object.metadata?.name ?? '<unnamed>'}`;
}
