import { loadEnvironment } from '@open4goods/environments';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import { describe, expect, it } from 'vitest';
import mysql from '@open4goods/mysql';
import { allContainersOf, deploymentOf, podSpecOf, renderXwiki } from './testing/render.ts';

/** Volume types Pod Security `restricted` allows (Kubernetes "Restricted Volume Types" control). */
const allowedVolumeTypes = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/**
 * The controls of Pod Security `restricted` (and the baseline ones it includes) that a pod spec
 * can break, checked on a pod spec; each violation is named after its control.
 */
function restrictedViolations(pod: IIoK8sApiCoreV1PodSpec): string[] {
  const violations: string[] = [];
  const containers = [...allContainersOf(pod), ...((pod.ephemeralContainers ?? []) as typeof pod.containers)];
  if (pod.hostNetwork || pod.hostPID || pod.hostIPC) violations.push('host namespaces');
  for (const volume of pod.volumes ?? []) {
    const types = Object.keys(volume).filter((key) => key !== 'name');
    for (const type of types) if (!allowedVolumeTypes.includes(type)) violations.push(`volume types: ${volume.name} is ${type}`);
  }
  const podSecurity = pod.securityContext ?? {};
  if (podSecurity.runAsUser === 0) violations.push('running as non-root user: pod runAsUser 0');
  if (podSecurity.seccompProfile && !['RuntimeDefault', 'Localhost'].includes(podSecurity.seccompProfile.type)) violations.push('seccomp: pod profile');
  for (const container of containers) {
    const security = container.securityContext ?? {};
    const where = `container ${container.name}`;
    if (security.privileged) violations.push(`privileged containers: ${where}`);
    if (security.allowPrivilegeEscalation !== false) violations.push(`privilege escalation: ${where}`);
    if (!(security.runAsNonRoot === true || (security.runAsNonRoot === undefined && podSecurity.runAsNonRoot === true))) violations.push(`running as non-root: ${where}`);
    if (security.runAsUser === 0) violations.push(`running as non-root user: ${where}`);
    const seccomp = security.seccompProfile?.type ?? podSecurity.seccompProfile?.type;
    if (!seccomp || !['RuntimeDefault', 'Localhost'].includes(seccomp)) violations.push(`seccomp: ${where}`);
    if (!security.capabilities?.drop?.includes('ALL')) violations.push(`capabilities: ${where} does not drop ALL`);
    for (const added of security.capabilities?.add ?? []) if (added !== 'NET_BIND_SERVICE') violations.push(`capabilities: ${where} adds ${added}`);
    if (security.procMount && security.procMount !== 'Default') violations.push(`/proc mount type: ${where}`);
    if (security.windowsOptions?.hostProcess) violations.push(`HostProcess: ${where}`);
    for (const port of container.ports ?? []) if (port.hostPort) violations.push(`host ports: ${where}`);
  }
  return violations;
}

describe.each(['prod', 'staging'] as const)('Pod Security restricted, XWiki pod in %s', (name) => {
  const environment = loadEnvironment(name);
  const pod = podSpecOf(environment);

  it('violates no restricted control', () => {
    expect(restrictedViolations(pod)).toEqual([]);
  });

  it('runs every container non-root with a fixed uid, gid and fsGroup, and RuntimeDefault seccomp', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('hardens every container: no escalation, ALL capabilities dropped, read-only root filesystem', () => {
    const containers = allContainersOf(pod);
    expect(containers.map((container) => container.name)).toEqual(['render-hibernate-cfg', 'xwiki']);
    for (const container of containers) {
      expect(container.securityContext, container.name).toMatchObject({
        allowPrivilegeEscalation: false,
        privileged: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.securityContext?.capabilities?.add ?? [], container.name).toEqual([]);
    }
  });

  it('uses only the volume types restricted allows, and no host path', () => {
    for (const volume of pod.volumes ?? []) {
      const types = Object.keys(volume).filter((key) => key !== 'name');
      expect(types, volume.name).toHaveLength(1);
      expect(allowedVolumeTypes, volume.name).toContain(types[0]);
    }
  });

  it('mounts no service account token', () => {
    expect(pod.automountServiceAccountToken).toBe(false);
    const serviceAccount = renderXwiki(environment).find((object) => object.kind === 'ServiceAccount' && object.metadata?.name === pod.serviceAccountName) as
      | { automountServiceAccountToken?: boolean }
      | undefined;
    expect(serviceAccount?.automountServiceAccountToken).toBe(false);
  });

  it('lands in the namespace the mysql unit creates, which enforces restricted', () => {
    const namespace = mysql.units
      .flatMap((unit) => unit.render(environment))
      .find((object) => object.kind === 'Namespace' && object.metadata?.name === deploymentOf(environment).metadata?.namespace);
    expect(namespace?.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });
});

describe('the restricted checker itself', () => {
  const pod = podSpecOf(loadEnvironment('prod'));
  const mutate = (change: (copy: IIoK8sApiCoreV1PodSpec) => void): string[] => {
    const copy = JSON.parse(JSON.stringify(pod)) as IIoK8sApiCoreV1PodSpec;
    change(copy);
    return restrictedViolations(copy);
  };

  it.each<[string, (copy: IIoK8sApiCoreV1PodSpec) => void, string]>([
    ['a hostPath volume', (copy) => copy.volumes!.push({ name: 'host', hostPath: { path: '/' } }), 'volume types: host is hostPath'],
    ['privilege escalation in the init container', (copy) => (copy.initContainers![0]!.securityContext!.allowPrivilegeEscalation = true), 'privilege escalation: container render-hibernate-cfg'],
    ['a container running as root', (copy) => (copy.containers[0]!.securityContext!.runAsUser = 0), 'running as non-root user: container xwiki'],
    ['runAsNonRoot unset everywhere', (copy) => {
      delete copy.securityContext!.runAsNonRoot;
      delete copy.containers[0]!.securityContext!.runAsNonRoot;
    }, 'running as non-root: container xwiki'],
    ['an Unconfined seccomp profile', (copy) => (copy.containers[0]!.securityContext!.seccompProfile = { type: 'Unconfined' }), 'seccomp: container xwiki'],
    ['capabilities not dropped', (copy) => (copy.containers[0]!.securityContext!.capabilities = { drop: ['NET_RAW'] }), 'capabilities: container xwiki does not drop ALL'],
    ['an added capability', (copy) => (copy.containers[0]!.securityContext!.capabilities = { drop: ['ALL'], add: ['SYS_ADMIN'] }), 'capabilities: container xwiki adds SYS_ADMIN'],
    ['host networking', (copy) => (copy.hostNetwork = true), 'host namespaces'],
    ['a host port', (copy) => (copy.containers[0]!.ports![0]!.hostPort = 8080), 'host ports: container xwiki'],
  ])('catches %s', (_, change, violation) => {
    expect(mutate(change)).toContain(violation);
  });
});
