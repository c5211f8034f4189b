/**
 * Pod templates read back from rendered objects or YAML files, as plain data: what the Pod
 * Security checker, the RBAC rules and the NetworkPolicies reason about.
 */
export interface PodTemplate {
  /** `Kind/namespace/name` of the object carrying it, for messages. */
  readonly owner: string;
  /** Namespace of the object, when it has one. */
  readonly namespace?: string;
  readonly metadata: { readonly annotations?: Readonly<Record<string, string>>; readonly labels?: Readonly<Record<string, string>> };
  readonly spec: PodSpec;
}

export interface SecurityContext {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly procMount?: string;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly appArmorProfile?: { readonly type?: string };
  readonly seLinuxOptions?: { readonly type?: string; readonly user?: string; readonly role?: string; readonly level?: string };
  readonly windowsOptions?: { readonly hostProcess?: boolean };
  readonly sysctls?: readonly { readonly name: string; readonly value?: string }[];
}

export interface Handler {
  readonly httpGet?: { readonly host?: string };
  readonly tcpSocket?: { readonly host?: string };
}

export interface Container {
  readonly name: string;
  readonly image?: string;
  readonly securityContext?: SecurityContext;
  readonly ports?: readonly { readonly name?: string; readonly containerPort?: number; readonly hostPort?: number; readonly protocol?: string }[];
  readonly livenessProbe?: Handler;
  readonly readinessProbe?: Handler;
  readonly startupProbe?: Handler;
  readonly lifecycle?: { readonly postStart?: Handler; readonly preStop?: Handler };
}

export interface PodSpec {
  readonly serviceAccountName?: string;
  readonly automountServiceAccountToken?: boolean;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly hostUsers?: boolean;
  readonly os?: { readonly name?: string };
  readonly securityContext?: SecurityContext;
  readonly containers?: readonly Container[];
  readonly initContainers?: readonly Container[];
  readonly ephemeralContainers?: readonly Container[];
  readonly volumes?: readonly ({ readonly name: string } & Record<string, unknown>)[];
}

/** Every container of a pod: init, regular and ephemeral, as admission checks them. */
export function containersOf(spec: PodSpec): Container[] {
  return [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];
}

interface AnyObject {
  readonly kind?: unknown;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly annotations?: Record<string, string>; readonly labels?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
}

type TemplateLike = { readonly metadata?: PodTemplate['metadata']; readonly spec?: PodSpec } | undefined;

/** Where each workload kind keeps its pod template. */
const templateOf: Record<string, (spec: Record<string, unknown>) => TemplateLike> = {
  Deployment: (spec) => spec.template as TemplateLike,
  StatefulSet: (spec) => spec.template as TemplateLike,
  DaemonSet: (spec) => spec.template as TemplateLike,
  ReplicaSet: (spec) => spec.template as TemplateLike,
  ReplicationController: (spec) => spec.template as TemplateLike,
  Job: (spec) => spec.template as TemplateLike,
  CronJob: (spec) => ((spec.jobTemplate as { spec?: { template?: TemplateLike } } | undefined)?.spec?.template),
  PodTemplate: () => undefined,
};

/** The pod template of a Pod or workload object; undefined for any other kind. */
export function podTemplateOf(object: AnyObject): PodTemplate | undefined {
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const owner = `${kind}/${object.metadata?.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata?.name ?? '<unnamed>'}`;
  const namespace = object.metadata?.namespace;
  if (kind === 'Pod') {
    return { owner, ...(namespace ? { namespace } : {}), metadata: object.metadata ?? {}, spec: (object.spec ?? {}) as PodSpec };
  }
  if (kind === 'PodTemplate') {
    const template = (object as { template?: TemplateLike }).template;
    return { owner, ...(namespace ? { namespace } : {}), metadata: template?.metadata ?? {}, spec: template?.spec ?? {} };
  }
  const extract = templateOf[kind];
  if (!extract || !object.spec) return undefined;
  const template = extract(object.spec);
  return { owner, ...(namespace ? { namespace } : {}), metadata: template?.metadata ?? {}, spec: template?.spec ?? {} };
}

/** The pod templates among objects, in order. */
export function podTemplatesOf(objects: readonly unknown[]): PodTemplate[] {
  return objects.flatMap((object) => {
    if (!object || typeof object !== 'object') return [];
    const template = podTemplateOf(object as AnyObject);
    return template ? [template] : [];
  });
}

/** The ports a pod template listens on, as NetworkPolicies name them (protocol defaults to TCP). */
export function podPortsOf(spec: PodSpec): { name?: string; port: number; protocol: 'TCP' | 'UDP' | 'SCTP' }[] {
  return (spec.containers ?? []).flatMap((container) =>
    (container.ports ?? []).flatMap((port) =>
      port.containerPort === undefined
        ? []
        : [{ ...(port.name ? { name: port.name } : {}), port: port.containerPort, protocol: (port.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP' }],
    ),
  );
}
