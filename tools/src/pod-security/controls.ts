import { type Container, type Handler, type PodSecurityLevel, type PodTemplate, type SecurityContext, containersOf } from '@open4goods/kit';

/** The levels that have controls (privileged allows everything). */
export type ControlledLevel = Exclude<PodSecurityLevel, 'privileged'>;

/**
 * One control of the Pod Security Standards, as kubernetes/pod-security-admission implements it
 * for version `latest` (policy/check_*.go). `check` returns what violates it, empty when allowed.
 */
export interface PodSecurityControl {
  /** The upstream check id. */
  readonly id: string;
  readonly level: ControlledLevel;
  /** Baseline controls a restricted control replaces (the stricter one reports instead). */
  readonly overrides?: readonly string[];
  readonly check: (pod: PodTemplate) => string[];
}

const containerLabel = (container: Container) => `container "${container.name}"`;

/** Containers (with a label) whose security context fails a predicate. */
function offendingContainers(pod: PodTemplate, offends: (context: SecurityContext, container: Container) => string | undefined): string[] {
  return containersOf(pod.spec).flatMap((container) => {
    const reason = offends(container.securityContext ?? {}, container);
    return reason ? [`${containerLabel(container)} ${reason}`] : [];
  });
}

const isWindows = (pod: PodTemplate) => pod.spec.os?.name === 'windows';

// Capabilities a container may add at baseline (the container runtimes' defaults).
const baselineCapabilities = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

// Namespaced sysctls isolated from other pods (1.32 set, plus the two 1.37 adds).
const safeSysctls = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
  'net.ipv4.tcp_rmem',
  'net.ipv4.tcp_wmem',
  'net.ipv4.tcp_slow_start_after_idle',
  'net.ipv4.tcp_notsent_lowat',
]);

const seLinuxTypes = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);
const restrictedVolumeSources = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret']);
const validSeccompTypes = new Set(['RuntimeDefault', 'Localhost']);
const appArmorAnnotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

function seLinuxProblem(options: SecurityContext['seLinuxOptions']): string | undefined {
  if (!options) return undefined;
  const problems = [
    ...(!seLinuxTypes.has(options.type ?? '') ? [`type "${options.type}"`] : []),
    ...(options.user ? [`user "${options.user}"`] : []),
    ...(options.role ? [`role "${options.role}"`] : []),
  ];
  return problems.length > 0 ? `sets seLinuxOptions ${problems.join(', ')}` : undefined;
}

function hostInHandler(handler: Handler | undefined): string | undefined {
  return handler?.httpGet?.host || handler?.tcpSocket?.host || undefined;
}

export const baselineControls: readonly PodSecurityControl[] = [
  {
    id: 'hostNamespaces',
    level: 'baseline',
    check: (pod) => (['hostNetwork', 'hostPID', 'hostIPC'] as const).filter((field) => pod.spec[field] === true).map((field) => `${field}=true`),
  },
  {
    id: 'privileged',
    level: 'baseline',
    check: (pod) => offendingContainers(pod, (context) => (context.privileged === true ? 'is privileged' : undefined)),
  },
  {
    id: 'capabilities_baseline',
    level: 'baseline',
    check: (pod) =>
      offendingContainers(pod, (context) => {
        const extra = (context.capabilities?.add ?? []).filter((capability) => !baselineCapabilities.has(capability));
        return extra.length > 0 ? `adds capabilities ${extra.join(', ')}` : undefined;
      }),
  },
  {
    id: 'hostPathVolumes',
    level: 'baseline',
    check: (pod) => (pod.spec.volumes ?? []).filter((volume) => volume.hostPath !== undefined).map((volume) => `volume "${volume.name}" is a hostPath`),
  },
  {
    id: 'hostPorts',
    level: 'baseline',
    check: (pod) =>
      containersOf(pod.spec).flatMap((container) =>
        (container.ports ?? []).filter((port) => (port.hostPort ?? 0) !== 0).map((port) => `${containerLabel(container)} uses hostPort ${port.hostPort}`),
      ),
  },
  {
    id: 'appArmorProfile',
    level: 'baseline',
    check: (pod) => {
      const badType = (type: string | undefined) => type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost';
      const annotations = Object.entries(pod.metadata.annotations ?? {})
        .filter(([key, value]) => key.startsWith(appArmorAnnotationPrefix) && value !== '' && value !== 'runtime/default' && !value.startsWith('localhost/'))
        .map(([key, value]) => `annotation ${key}="${value}"`);
      const podLevel = badType(pod.spec.securityContext?.appArmorProfile?.type) ? [`pod appArmorProfile type "${pod.spec.securityContext?.appArmorProfile?.type}"`] : [];
      const containers = offendingContainers(pod, (context) => (badType(context.appArmorProfile?.type) ? `sets appArmorProfile type "${context.appArmorProfile?.type}"` : undefined));
      return [...annotations, ...podLevel, ...containers];
    },
  },
  {
    id: 'seLinuxOptions',
    level: 'baseline',
    check: (pod) => {
      const podProblem = seLinuxProblem(pod.spec.securityContext?.seLinuxOptions);
      return [...(podProblem ? [`pod ${podProblem}`] : []), ...offendingContainers(pod, (context) => seLinuxProblem(context.seLinuxOptions))];
    },
  },
  {
    id: 'procMount',
    level: 'baseline',
    // An unmasked /proc is harmless inside a user namespace (hostUsers: false).
    check: (pod) =>
      pod.spec.hostUsers === false
        ? []
        : offendingContainers(pod, (context) => (context.procMount !== undefined && context.procMount !== 'Default' ? `sets procMount "${context.procMount}"` : undefined)),
  },
  {
    id: 'seccompProfile_baseline',
    level: 'baseline',
    check: (pod) => [
      ...(pod.spec.securityContext?.seccompProfile?.type === 'Unconfined' ? ['pod seccompProfile type "Unconfined"'] : []),
      ...offendingContainers(pod, (context) => (context.seccompProfile?.type === 'Unconfined' ? 'sets seccompProfile type "Unconfined"' : undefined)),
    ],
  },
  {
    id: 'sysctls',
    level: 'baseline',
    check: (pod) => (pod.spec.securityContext?.sysctls ?? []).filter((sysctl) => !safeSysctls.has(sysctl.name)).map((sysctl) => `sysctl ${sysctl.name}`),
  },
  {
    id: 'windowsHostProcess',
    level: 'baseline',
    check: (pod) => [
      ...(pod.spec.securityContext?.windowsOptions?.hostProcess === true ? ['pod windowsOptions.hostProcess=true'] : []),
      ...offendingContainers(pod, (context) => (context.windowsOptions?.hostProcess === true ? 'sets windowsOptions.hostProcess=true' : undefined)),
    ],
  },
  {
    id: 'hostProbesAndHostLifecycle',
    level: 'baseline',
    check: (pod) =>
      containersOf(pod.spec).flatMap((container) => {
        const handlers: [string, Handler | undefined][] = [
          ['livenessProbe', container.livenessProbe],
          ['readinessProbe', container.readinessProbe],
          ['startupProbe', container.startupProbe],
          ['lifecycle.postStart', container.lifecycle?.postStart],
          ['lifecycle.preStop', container.lifecycle?.preStop],
        ];
        return handlers.flatMap(([where, handler]) => {
          const host = hostInHandler(handler);
          return host ? [`${containerLabel(container)} ${where} targets host "${host}"`] : [];
        });
      }),
  },
];

export const restrictedControls: readonly PodSecurityControl[] = [
  {
    id: 'restrictedVolumes',
    level: 'restricted',
    check: (pod) =>
      (pod.spec.volumes ?? []).flatMap((volume) => {
        const sources = Object.keys(volume).filter((key) => key !== 'name' && !restrictedVolumeSources.has(key));
        return sources.length > 0 ? [`volume "${volume.name}" uses ${sources.join(', ')}`] : [];
      }),
  },
  {
    id: 'allowPrivilegeEscalation',
    level: 'restricted',
    check: (pod) =>
      isWindows(pod) ? [] : offendingContainers(pod, (context) => (context.allowPrivilegeEscalation !== false ? 'must set allowPrivilegeEscalation=false' : undefined)),
  },
  {
    id: 'runAsNonRoot',
    level: 'restricted',
    check: (pod) => {
      if (pod.spec.hostUsers === false) return [];
      const podValue = pod.spec.securityContext?.runAsNonRoot;
      return [
        ...(podValue === false ? ['pod sets runAsNonRoot=false'] : []),
        ...offendingContainers(pod, (context) => {
          if (context.runAsNonRoot === false) return 'sets runAsNonRoot=false';
          if (podValue !== true && context.runAsNonRoot !== true) return 'must set runAsNonRoot=true (or the pod must)';
          return undefined;
        }),
      ];
    },
  },
  {
    id: 'runAsUser',
    level: 'restricted',
    check: (pod) =>
      pod.spec.hostUsers === false
        ? []
        : [
            ...(pod.spec.securityContext?.runAsUser === 0 ? ['pod sets runAsUser=0'] : []),
            ...offendingContainers(pod, (context) => (context.runAsUser === 0 ? 'sets runAsUser=0' : undefined)),
          ],
  },
  {
    id: 'seccompProfile_restricted',
    level: 'restricted',
    overrides: ['seccompProfile_baseline'],
    check: (pod) => {
      if (isWindows(pod)) return [];
      const podType = pod.spec.securityContext?.seccompProfile?.type;
      const podValid = podType !== undefined && validSeccompTypes.has(podType);
      return [
        ...(podType !== undefined && !podValid ? [`pod seccompProfile type "${podType}"`] : []),
        ...offendingContainers(pod, (context) => {
          const type = context.seccompProfile?.type;
          if (type !== undefined) return validSeccompTypes.has(type) ? undefined : `sets seccompProfile type "${type}"`;
          return podValid ? undefined : 'must set seccompProfile type RuntimeDefault or Localhost (or the pod must)';
        }),
      ];
    },
  },
  {
    id: 'capabilities_restricted',
    level: 'restricted',
    overrides: ['capabilities_baseline'],
    check: (pod) =>
      isWindows(pod)
        ? []
        : offendingContainers(pod, (context) => {
            const problems = [
              ...(!(context.capabilities?.drop ?? []).includes('ALL') ? ['must drop ALL capabilities'] : []),
              ...((context.capabilities?.add ?? []).some((capability) => capability !== 'NET_BIND_SERVICE')
                ? [`may add only NET_BIND_SERVICE, adds ${(context.capabilities?.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE').join(', ')}`]
                : []),
            ];
            return problems.length > 0 ? problems.join('; ') : undefined;
          }),
  },
  {
    id: 'procMount_restricted',
    level: 'restricted',
    overrides: ['procMount'],
    check: (pod) => offendingContainers(pod, (context) => (context.procMount !== undefined && context.procMount !== 'Default' ? `sets procMount "${context.procMount}"` : undefined)),
  },
];

/** The controls a level enforces: baseline's, plus restricted's (which replace the baseline ones they override). */
export function controlsOf(level: ControlledLevel): readonly PodSecurityControl[] {
  if (level === 'baseline') return baselineControls;
  const overridden = new Set(restrictedControls.flatMap((control) => control.overrides ?? []));
  return [...baselineControls.filter((control) => !overridden.has(control.id)), ...restrictedControls];
}
