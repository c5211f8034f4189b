/**
 * A disposable Kubernetes control plane from the real binaries, for the end-to-end scenarios and
 * for anything else that needs a real API server (Flux's controllers run against it).
 *
 *   const cluster = await startControlPlane();
 *   try { ... kubectl --kubeconfig cluster.kubeconfig ... } finally { await cluster.stop(); }
 *
 * What runs, each built by toolchain/install at the version of toolchain/<module>/go.mod, all on
 * 127.0.0.1 at free ports, everything under one temp directory (`directory`: pki/, etcd/, logs/):
 *   - etcd (toolchain/etcd), plain HTTP on loopback, no fsync (the data lives for one run);
 *   - kube-apiserver (toolchain/kubernetes): TLS from a private CA, client-certificate
 *     authentication, Node and RBAC authorization, the admission plugins of a production server
 *     (pod-security-defaults.ts) with Pod Security's cluster default `restricted`, privileged
 *     containers allowed (as kubeadm does; the namespace level decides);
 *   - kube-controller-manager: every default controller (service-account tokens, ReplicaSet,
 *     Deployment, StatefulSet, DaemonSet, Job, CronJob, garbage collector, ...), each with its own
 *     service-account credentials as in a real cluster;
 *   - kube-scheduler;
 *   - kwok (toolchain/kwok) faking one Node, `nodeName` (the specification's `master1`): it takes
 *     the pods scheduled there to Running and Ready, and Job pods to Succeeded, without containers.
 *
 * `stop()` ends every process and deletes the directory; so do Ctrl-C, SIGTERM, an uncaught error
 * ending the process, and (through a watchdog) a SIGKILL of this process. See run-directory.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { controlPlaneCommands } from './binaries.ts';
import { type ClientIdentity, createControlPlanePki } from './certificates.ts';
import { kubectlOk } from './kubectl.ts';
import { writeKubeconfig } from './kubeconfig.ts';
import { writeKwokStages } from './kwok-stages.ts';
import { freeLoopbackPorts, loopback } from './loopback-ports.ts';
import { admissionPlugins, writeAdmissionConfiguration } from './pod-security-defaults.ts';
import { type RunningProgram, startProgram } from './processes.ts';
import { httpsGet, waitUntil } from './readiness.ts';
import { createRunDirectory } from './run-directory.ts';

export interface ControlPlaneVersions {
  /** What the API server reports at /version (gitVersion), e.g. v1.37.2. */
  readonly kubeApiServer: string;
  readonly etcd: string;
  readonly kwok: string;
}

export interface ControlPlane {
  /** A kubeconfig of a cluster administrator (group system:masters), for kubectl and controllers. */
  readonly kubeconfig: string;
  readonly apiServerUrl: string;
  /** The CA that signed the API server's certificate (and every client certificate). */
  readonly caCertificate: string;
  /** The run's temp directory; logs/<program>.log holds each program's output. */
  readonly directory: string;
  /** The fake node pods are scheduled on. */
  readonly nodeName: string;
  readonly versions: ControlPlaneVersions;
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** Default `master1`, the node of the specification's cluster. */
  readonly nodeName?: string;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

const clientIdentities: Record<string, ClientIdentity> = {
  admin: { user: 'o4g-e2e-admin', groups: ['system:masters'] },
  'kube-controller-manager': { user: 'system:kube-controller-manager' },
  'kube-scheduler': { user: 'system:kube-scheduler' },
  // kwok is one process for every node it fakes (pods of any node, their status, deletion), not
  // one kubelet: it runs as an administrator, not as system:node:<name>.
  kwok: { user: 'o4g-e2e-kwok', groups: ['system:masters'] },
};

const versionOf = (output: string, pattern: RegExp): string => pattern.exec(output)?.[1] ?? output.trim().split('\n')[0] ?? 'unknown';

const programVersion = (command: string, pattern: RegExp): string => versionOf(spawnSync(command, ['--version'], { encoding: 'utf8' }).stdout, pattern);

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const nodeName = options.nodeName ?? 'master1';
  const log = options.log ?? (() => {});
  const commands = controlPlaneCommands();
  const run = createRunDirectory('o4g-e2e-');
  try {
    const [etcdClientPort, etcdPeerPort, apiServerPort, controllerManagerPort, schedulerPort] = (await freeLoopbackPorts(5)) as [number, number, number, number, number];
    const pkiDirectory = join(run.path, 'pki');
    mkdirSync(pkiDirectory);
    const pki = createControlPlanePki(pkiDirectory, ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'], clientIdentities);
    const apiServerUrl = `https://${loopback}:${apiServerPort}`;
    const kubeconfigOf = (client: string) => writeKubeconfig(join(run.path, `${client}.kubeconfig`), apiServerUrl, pki.ca.certificate, pki.clients[client]!);
    const started: RunningProgram[] = [];
    const start = (name: keyof typeof commands, args: string[]) => {
      const program = startProgram(run, name, commands[name], args);
      started.push(program);
      return program;
    };

    const etcdUrl = `http://${loopback}:${etcdClientPort}`;
    const etcdPeerUrl = `http://${loopback}:${etcdPeerPort}`;
    const etcd = start('etcd', [
      '--name=o4g-e2e',
      `--data-dir=${join(run.path, 'etcd')}`,
      `--listen-client-urls=${etcdUrl}`,
      `--advertise-client-urls=${etcdUrl}`,
      `--listen-peer-urls=${etcdPeerUrl}`,
      `--initial-advertise-peer-urls=${etcdPeerUrl}`,
      `--initial-cluster=o4g-e2e=${etcdPeerUrl}`,
      '--unsafe-no-fsync',
      '--log-level=warn',
    ]);
    await waitUntil('etcd', async () => (await fetch(`${etcdUrl}/health`)).ok, { timeoutMs: 30_000, program: etcd });
    log(`etcd ready at ${etcdUrl}`);

    const apiServer = start('kube-apiserver', [
      `--etcd-servers=${etcdUrl}`,
      `--bind-address=${loopback}`,
      `--advertise-address=${loopback}`,
      // The `kubernetes` Service cannot point at a loopback address, and no pod runs to reach it.
      '--endpoint-reconciler-type=none',
      `--secure-port=${apiServerPort}`,
      `--cert-dir=${pkiDirectory}`,
      `--tls-cert-file=${pki.servers['kube-apiserver']!.certificate}`,
      `--tls-private-key-file=${pki.servers['kube-apiserver']!.key}`,
      `--client-ca-file=${pki.ca.certificate}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${pki.serviceAccount.publicKey}`,
      `--service-account-signing-key-file=${pki.serviceAccount.privateKey}`,
      '--service-cluster-ip-range=10.96.0.0/16',
      '--authorization-mode=Node,RBAC',
      `--enable-admission-plugins=${admissionPlugins.join(',')}`,
      `--admission-control-config-file=${writeAdmissionConfiguration(join(run.path, 'admission.json'))}`,
      '--allow-privileged=true',
      '--profiling=false',
    ]);
    const admin = pki.clients.admin!;
    await waitUntil('kube-apiserver', async () => (await httpsGet(`${apiServerUrl}/readyz`, pki.ca.certificate, admin)).status === 200, { timeoutMs: 120_000, program: apiServer });
    log(`kube-apiserver ready at ${apiServerUrl}`);
    const kubeconfig = kubeconfigOf('admin');

    // What the controller-manager and the scheduler share: their own identity for the API and for
    // checking who calls them, a serving certificate of the CA on their loopback port, one instance.
    const componentArgs = (name: 'kube-controller-manager' | 'kube-scheduler', port: number) => {
      const componentKubeconfig = kubeconfigOf(name);
      const tls = pki.servers[name]!;
      return [
        `--kubeconfig=${componentKubeconfig}`,
        `--authentication-kubeconfig=${componentKubeconfig}`,
        `--authorization-kubeconfig=${componentKubeconfig}`,
        `--bind-address=${loopback}`,
        `--secure-port=${port}`,
        `--tls-cert-file=${tls.certificate}`,
        `--tls-private-key-file=${tls.key}`,
        '--leader-elect=false',
        '--profiling=false',
      ];
    };
    const controllerManager = start('kube-controller-manager', [
      ...componentArgs('kube-controller-manager', controllerManagerPort),
      '--use-service-account-credentials=true',
      `--service-account-private-key-file=${pki.serviceAccount.privateKey}`,
      `--root-ca-file=${pki.ca.certificate}`,
      // On a loaded 2-core machine kwok's heartbeats can be late by more than the default 50 s:
      // the node would go NotReady, its pods unready, and a unit's health check would time out.
      '--node-monitor-grace-period=10m',
    ]);
    const scheduler = start('kube-scheduler', componentArgs('kube-scheduler', schedulerPort));
    await waitUntil('kube-controller-manager', async () => (await httpsGet(`https://${loopback}:${controllerManagerPort}/healthz`, pki.ca.certificate)).status === 200, { timeoutMs: 60_000, program: controllerManager });
    await waitUntil('kube-scheduler', async () => (await httpsGet(`https://${loopback}:${schedulerPort}/healthz`, pki.ca.certificate)).status === 200, { timeoutMs: 60_000, program: scheduler });
    // The service-account controller's first work: every namespace gets its `default` account.
    await waitUntil('the service-account controller', async () => (await kubectlOk(kubeconfig, ['get', 'serviceaccount', 'default', '-n', 'default', '-o', 'name'])).trim() !== '', { timeoutMs: 60_000, program: controllerManager });
    log('kube-controller-manager and kube-scheduler ready');

    await kubectlOk(kubeconfig, ['create', '-f', '-'], JSON.stringify(fakeNode(nodeName)));
    const kwok = start('kwok', [
      `--kubeconfig=${kubeconfigOf('kwok')}`,
      `--config=${writeKwokStages(join(run.path, 'kwok-stages.yaml'))}`,
      `--manage-single-node=${nodeName}`,
      `--node-ip=${loopback}`,
      '--cidr=10.244.0.0/24',
    ]);
    const nodeReady = async () => (await kubectlOk(kubeconfig, ['get', 'node', nodeName, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'])).trim() === 'True';
    await waitUntil(`node ${nodeName} (kwok)`, nodeReady, { timeoutMs: 60_000, program: kwok });
    log(`node ${nodeName} Ready (kwok)`);

    const version = JSON.parse((await httpsGet(`${apiServerUrl}/version`, pki.ca.certificate, admin)).body) as { gitVersion: string };
    const versions: ControlPlaneVersions = {
      kubeApiServer: version.gitVersion,
      etcd: programVersion(commands.etcd, /etcd Version: (\S+)/),
      kwok: programVersion(commands.kwok, /version (\S+)/i),
    };
    return { kubeconfig, apiServerUrl, caCertificate: pki.ca.certificate, directory: run.path, nodeName, versions, stop: () => run.remove() };
  } catch (error) {
    await run.remove();
    throw error;
  }
}

/** The Node kwok plays: schedulable, sized for every pod of an environment, marked for kwok. */
function fakeNode(name: string) {
  const capacity = { cpu: '64', memory: '256Gi', pods: '500', 'ephemeral-storage': '1Ti' };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'kwok.x-k8s.io/node': 'fake' },
      labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', type: 'kwok' },
    },
    spec: {},
    status: { capacity, allocatable: capacity, nodeInfo: { architecture: 'amd64', operatingSystem: 'linux', kubeletVersion: 'kwok' } },
  };
}

