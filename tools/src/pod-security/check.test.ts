import { type PodSpec, hardenedContainerSecurityContext, hardenedPodSecurityContext, podTemplateOf, podTemplatesOf } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { checkPodSecurity, describeVerdict, isControlledLevel } from './check.ts';
import { controlsOf } from './controls.ts';

const hardenedSpec: PodSpec = {
  securityContext: hardenedPodSecurityContext({ runAsUser: 1000 }) as PodSpec['securityContext'],
  containers: [{ name: 'app', securityContext: hardenedContainerSecurityContext() as PodSpec['securityContext'] }],
};

function pod(spec: PodSpec, annotations: Record<string, string> = {}) {
  return podTemplateOf({ kind: 'Pod', metadata: { name: 'p', namespace: 'ns', annotations }, spec: spec as Record<string, unknown> })!;
}

function failedControls(spec: PodSpec, level: 'baseline' | 'restricted', annotations?: Record<string, string>): string[] {
  return checkPodSecurity(pod(spec, annotations), level).failed.map((failure) => failure.control);
}

const withContainer = (context: Record<string, unknown>, extra: Partial<PodSpec> = {}): PodSpec => ({
  ...hardenedSpec,
  containers: [{ name: 'app', securityContext: { ...hardenedSpec.containers![0]!.securityContext, ...context } }],
  ...extra,
});

describe('the kit hardening', () => {
  it('is allowed at restricted', () => {
    expect(checkPodSecurity(pod(hardenedSpec), 'restricted')).toEqual({ owner: 'Pod/ns/p', level: 'restricted', allowed: true, failed: [] });
  });
});

describe('restricted controls', () => {
  it.each([
    [{ allowPrivilegeEscalation: true }, 'allowPrivilegeEscalation'],
    [{ allowPrivilegeEscalation: undefined }, 'allowPrivilegeEscalation'],
    [{ runAsNonRoot: false }, 'runAsNonRoot'],
    [{ runAsUser: 0 }, 'runAsUser'],
    [{ seccompProfile: { type: 'Unconfined' } }, 'seccompProfile_restricted'],
    [{ capabilities: { drop: ['NET_RAW'] } }, 'capabilities_restricted'],
    [{ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }, 'capabilities_restricted'],
    [{ procMount: 'Unmasked' }, 'procMount_restricted'],
  ])('refuses a container with %j (%s)', (context, control) => {
    expect(failedControls(withContainer(context), 'restricted')).toEqual([control]);
  });

  it('accepts NET_BIND_SERVICE as the only added capability', () => {
    expect(failedControls(withContainer({ capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } }), 'restricted')).toEqual([]);
  });

  it('refuses volumes other than the ephemeral and API-backed kinds', () => {
    const spec = { ...hardenedSpec, volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'd' } }, { name: 'nfs', nfs: { server: 's', path: '/' } }] };
    const verdict = checkPodSecurity(pod(spec), 'restricted');
    expect(verdict.failed).toEqual([{ control: 'restrictedVolumes', details: ['volume "nfs" uses nfs'] }]);
  });

  it('needs runAsNonRoot on every container when the pod does not set it', () => {
    const spec: PodSpec = { ...withContainer({ runAsNonRoot: undefined }), securityContext: { seccompProfile: { type: 'RuntimeDefault' } } };
    expect(checkPodSecurity(pod(spec), 'restricted').failed).toEqual([
      { control: 'runAsNonRoot', details: ['container "app" must set runAsNonRoot=true (or the pod must)'] },
    ]);
  });

  it('exempts pods in a user namespace from the non-root controls', () => {
    expect(failedControls({ ...withContainer({ runAsNonRoot: false, runAsUser: 0 }), hostUsers: false }, 'restricted')).toEqual([]);
  });

  it('reports the restricted control instead of the baseline one it replaces', () => {
    expect(failedControls(withContainer({ seccompProfile: { type: 'Unconfined' } }), 'restricted')).not.toContain('seccompProfile_baseline');
    expect(failedControls(withContainer({ seccompProfile: { type: 'Unconfined' } }), 'baseline')).toEqual(['seccompProfile_baseline']);
  });
});

describe('baseline controls', () => {
  it.each([
    [{ hostNetwork: true }, 'hostNamespaces'],
    [{ hostPID: true }, 'hostNamespaces'],
    [{ volumes: [{ name: 'root', hostPath: { path: '/' } }] }, 'hostPathVolumes'],
    [{ securityContext: { sysctls: [{ name: 'kernel.msgmax', value: '1' }] } }, 'sysctls'],
    [{ securityContext: { seLinuxOptions: { type: 'spc_t' } } }, 'seLinuxOptions'],
    [{ securityContext: { windowsOptions: { hostProcess: true } } }, 'windowsHostProcess'],
    [{ containers: [{ name: 'c', ports: [{ containerPort: 80, hostPort: 80 }] }] }, 'hostPorts'],
    [{ containers: [{ name: 'c', securityContext: { privileged: true } }] }, 'privileged'],
    [{ containers: [{ name: 'c', securityContext: { capabilities: { add: ['NET_RAW'] } } }] }, 'capabilities_baseline'],
    [{ containers: [{ name: 'c', livenessProbe: { httpGet: { host: '10.0.0.1' } } }] }, 'hostProbesAndHostLifecycle'],
    [{ containers: [{ name: 'c', lifecycle: { preStop: { tcpSocket: { host: 'db' } } } }] }, 'hostProbesAndHostLifecycle'],
  ])('refuses %j (%s)', (spec, control) => {
    expect(failedControls({ containers: [{ name: 'c' }], ...spec } as PodSpec, 'baseline')).toEqual([control]);
  });

  it('refuses an unconfined AppArmor annotation and accepts runtime/default', () => {
    const key = 'container.apparmor.security.beta.kubernetes.io/c';
    expect(failedControls({ containers: [{ name: 'c' }] }, 'baseline', { [key]: 'unconfined' })).toEqual(['appArmorProfile']);
    expect(failedControls({ containers: [{ name: 'c' }] }, 'baseline', { [key]: 'runtime/default' })).toEqual([]);
  });

  it('allows a plain pod with nothing set', () => {
    expect(failedControls({ containers: [{ name: 'c' }] }, 'baseline')).toEqual([]);
  });

  it('is a subset of restricted', () => {
    const restricted = new Set(controlsOf('restricted').map((control) => control.id));
    const replaced = new Set(['seccompProfile_baseline', 'capabilities_baseline', 'procMount']);
    for (const control of controlsOf('baseline')) if (!replaced.has(control.id)) expect(restricted.has(control.id), control.id).toBe(true);
  });
});

describe('pod templates', () => {
  it('are read from workloads, CronJobs and Pods, and ignore other kinds', () => {
    const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'c', securityContext: { privileged: true } }] } };
    const templates = podTemplatesOf([
      { kind: 'Deployment', metadata: { name: 'd', namespace: 'n' }, spec: { template } },
      { kind: 'StatefulSet', metadata: { name: 's', namespace: 'n' }, spec: { template } },
      { kind: 'DaemonSet', metadata: { name: 'ds', namespace: 'n' }, spec: { template } },
      { kind: 'Job', metadata: { name: 'j', namespace: 'n' }, spec: { template } },
      { kind: 'CronJob', metadata: { name: 'cj', namespace: 'n' }, spec: { jobTemplate: { spec: { template } } } },
      { kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'n' }, data: {} },
      { kind: 'Service', metadata: { name: 'svc', namespace: 'n' }, spec: { selector: {} } },
    ]);
    expect(templates.map((candidate) => candidate.owner)).toEqual(['Deployment/n/d', 'StatefulSet/n/s', 'DaemonSet/n/ds', 'Job/n/j', 'CronJob/n/cj']);
    for (const candidate of templates) expect(checkPodSecurity(candidate, 'baseline').allowed).toBe(false);
  });
});

describe('verdicts', () => {
  it('name the pod, the level and each failed control with its details', () => {
    const verdict = checkPodSecurity(pod(withContainer({ allowPrivilegeEscalation: true, runAsUser: 0 })), 'restricted');
    expect(describeVerdict(verdict)).toBe(
      [
        'Pod/ns/p: violates restricted (allowPrivilegeEscalation, runAsUser)',
        '    allowPrivilegeEscalation: container "app" must set allowPrivilegeEscalation=false',
        '    runAsUser: container "app" sets runAsUser=0',
      ].join('\n'),
    );
    expect(describeVerdict(checkPodSecurity(pod(hardenedSpec), 'baseline'))).toBe('Pod/ns/p: allowed at baseline');
  });

  it('allow anything at privileged', () => {
    expect(checkPodSecurity(pod({ hostNetwork: true, containers: [{ name: 'c' }] }), 'privileged').allowed).toBe(true);
  });

  it('know the levels', () => {
    expect(isControlledLevel('restricted')).toBe(true);
    expect(isControlledLevel('baseline')).toBe(true);
    expect(isControlledLevel('privileged')).toBe(false);
    expect(isControlledLevel('strict')).toBe(false);
  });
});
