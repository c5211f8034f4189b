import type { Environment } from '@open4goods/environments';
import { ingressControllerWorkload } from '@open4goods/ingress';
import {
  type PlatformView,
  type PortProtocol,
  type WorkloadSelector,
  boundServiceAccounts,
  firstHostOf,
  imageFor,
  kubeDnsPorts,
  kubeDnsWorkload,
  networkProbeLabel,
} from '@open4goods/kit';
import { mysqlPortName, mysqlServiceName, mysqlWorkload } from '@open4goods/mysql';
import {
  type ConnectionDestination,
  type ModelConnection,
  type PlatformWorkload,
  flowsAllowing,
  platformFlows,
  platformWorkloads,
  renderedNamespaces,
  workload,
  workloadsOfEnd,
} from '@open4goods/netpol';
import { xwikiHttpPortName, xwikiServiceName, xwikiWorkload } from '@open4goods/xwiki';
import type { Job } from 'kubernetes-models/batch/v1/Job';
import { busyboxImage } from './images.ts';
import { smokeUid } from './names.ts';
import { revisionOf } from './revision.ts';
import { readSmokeScript, smokeScriptFiles } from './scripts.ts';
import { renderSmokeJob } from './smoke-job.ts';

/** Pods that stand for a client of the platform: its namespace and exactly its labels. */
export interface ProbeSource {
  /** The Job is `smoke-network-<name>`, in the source's namespace. */
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
}

/** What a probe connects to, as the pod does it and as the flow model sees it. */
interface ProbeTarget {
  readonly name: string;
  /** `tcp`: a TCP connection to host:port; `dns`: a query to the pod's own resolver (host `-`). */
  readonly kind: 'tcp' | 'dns';
  readonly host: string;
  readonly port: number;
  /** The connections this probe makes in the model; several when the cluster may route it several ways. */
  readonly connections: (from: ProbeSource) => ModelConnection[];
}

/** One connection a probe pod tries, and what the flow model says must happen. */
export interface NetworkProbe {
  /** `<source>-to-<target>`: what the Job's log names. */
  readonly name: string;
  readonly expectation: 'allow' | 'deny';
  readonly kind: 'tcp' | 'dns';
  readonly host: string;
  readonly port: number;
  /** What the model evaluated: the tools' test evaluates the generated policies on the same connections. */
  readonly connections: readonly ModelConnection[];
  /** The flows of packages/netpol that allow it (none for a denied probe). */
  readonly allowedBy: readonly string[];
}

/** The probes of one source pod: one Job. */
export interface ProbeJobPlan {
  readonly source: ProbeSource;
  readonly probes: readonly NetworkProbe[];
}

const probeFile = 'packages/smoke/src/network-probes.ts';

function workloadSelected(workloads: readonly PlatformWorkload[], namespaces: ReadonlySet<string>, selector: WorkloadSelector, name: string): PlatformWorkload {
  const found = workloadsOfEnd(workload(name, selector), workloads, namespaces)?.[0];
  if (!found) throw new Error(`${probeFile}: no rendered workload is ${name} (${JSON.stringify(selector.podLabels)} in ${selector.namespace}): a label was renamed`);
  return found;
}

function portNumber(workload: PlatformWorkload, portName: string, protocol: PortProtocol): number {
  const port = workload.ports.find((candidate) => candidate.name === portName && candidate.protocol === protocol);
  if (!port) throw new Error(`${probeFile}: ${workload.namespace}/${workload.name} declares no ${protocol} port named ${portName}`);
  return port.port;
}

const fromSource = (source: ProbeSource) => ({ namespace: source.namespace, podLabels: source.podLabels });
const toWorkload = (workload: PlatformWorkload): ConnectionDestination => ({ kind: 'workload', workload });

/** A Service in front of a workload: the connection lands on the pods' port of that name. */
function serviceTarget(name: string, host: string, workload: PlatformWorkload, portName: string): ProbeTarget {
  const port = portNumber(workload, portName, 'TCP');
  return { name, kind: 'tcp', host, port, connections: (from) => [{ from: fromSource(from), to: toWorkload(workload), port, protocol: 'TCP' }] };
}

/**
 * The targets of the probes. The Kubernetes API is reached through the `kubernetes` Service,
 * which the node translates to an API server address and port: every pair the environment
 * declares is tried in the model, and they must agree.
 */
function probeTargets(environment: Environment, workloads: readonly PlatformWorkload[], renderedNamespaces: ReadonlySet<string>) {
  const namespace = environment.appNamespace;
  const kubeDns: PlatformWorkload = { name: 'kube-dns', ...kubeDnsWorkload, ports: kubeDnsPorts, callsKubernetesApi: false };
  const { cidrs, ports } = environment.network.kubernetesApi;
  return {
    mysql: serviceTarget('mysql', `${mysqlServiceName}.${namespace}.svc`, workloadSelected(workloads, renderedNamespaces, mysqlWorkload(environment), 'mysql'), mysqlPortName),
    xwiki: serviceTarget('xwiki', `${xwikiServiceName}.${namespace}.svc`, workloadSelected(workloads, renderedNamespaces, xwikiWorkload(environment), 'xwiki'), xwikiHttpPortName),
    dns: {
      name: 'dns',
      kind: 'dns',
      host: '-',
      port: 53,
      connections: (from) => [{ from: fromSource(from), to: toWorkload(kubeDns), port: 53, protocol: 'UDP' }],
    } satisfies ProbeTarget,
    dnsOverTcp: {
      name: 'dns-tcp',
      kind: 'tcp',
      host: `kube-dns.${kubeDnsWorkload.namespace}.svc`,
      port: 53,
      connections: (from) => [{ from: fromSource(from), to: toWorkload(kubeDns), port: 53, protocol: 'TCP' }],
    } satisfies ProbeTarget,
    kubernetesApi: {
      name: 'kubernetes-api',
      kind: 'tcp',
      host: 'kubernetes.default.svc',
      port: 443,
      connections: (from) => cidrs.flatMap((cidr) => ports.map((port): ModelConnection => ({ from: fromSource(from), to: { kind: 'address', address: firstHostOf(cidr) }, port, protocol: 'TCP' }))),
    } satisfies ProbeTarget,
  };
}

/**
 * What the production checklist probes in every environment: the pairs that must connect
 * (XWiki to MySQL, every namespace to DNS) and those that must not (the ingress controller to
 * MySQL, any other pod to XWiki directly, XWiki to the Kubernetes API). Only the pairs are
 * listed here; whether each must connect is the flow model's answer, never written down.
 */
function probedPairs(environment: Environment, namespaces: readonly string[], workloads: readonly PlatformWorkload[]): [ProbeSource, ProbeTarget][] {
  const targets = probeTargets(environment, workloads, new Set(namespaces));
  const xwiki: ProbeSource = { name: 'xwiki', namespace: environment.appNamespace, podLabels: xwikiWorkload(environment).podLabels };
  const ingressController: ProbeSource = { name: 'ingress-controller', namespace: ingressControllerWorkload.namespace, podLabels: ingressControllerWorkload.podLabels };
  // A pod that stands for nothing: what anyone's debug pod or a compromised image would be.
  const anyPod = (namespace: string): ProbeSource => ({ name: 'any-pod', namespace, podLabels: {} });
  return [
    [xwiki, targets.mysql],
    [xwiki, targets.kubernetesApi],
    [ingressController, targets.mysql],
    [anyPod(environment.appNamespace), targets.xwiki],
    ...namespaces.flatMap((namespace): [ProbeSource, ProbeTarget][] => [
      [anyPod(namespace), targets.dns],
      [anyPod(namespace), targets.dnsOverTcp],
    ]),
  ];
}

/** Every probe, grouped by source pod, with the expectation of the flow model (packages/netpol). */
export function networkProbePlan(environment: Environment, platform: PlatformView): ProbeJobPlan[] {
  const workloads = platformWorkloads(platform, boundServiceAccounts(platform.objects));
  const flows = platformFlows(environment, workloads);
  const namespaces = renderedNamespaces(platform);
  const namespaceSet = new Set(namespaces);
  const plans = new Map<string, { source: ProbeSource; probes: NetworkProbe[] }>();
  for (const [source, target] of probedPairs(environment, namespaces, workloads)) {
    const connections = target.connections(source);
    const verdicts = connections.map((connection) => flowsAllowing(flows, connection, namespaceSet).map((flow) => flow.name));
    const allowed = verdicts.map((allowedBy) => allowedBy.length > 0);
    const name = `${source.name}-to-${target.name}`;
    if (allowed.some((verdict) => verdict !== allowed[0])) {
      throw new Error(`${probeFile}: probe ${name} in ${source.namespace}: the flows allow some of the ways the cluster may route it and not others; declare the flow for every API address and port`);
    }
    const key = `${source.namespace}/${source.name}`;
    const plan = plans.get(key) ?? { source, probes: [] };
    plan.probes.push({
      name,
      expectation: allowed[0] ? 'allow' : 'deny',
      kind: target.kind,
      host: target.host,
      port: target.port,
      connections,
      allowedBy: [...new Set(verdicts.flat())].sort(),
    });
    plans.set(key, plan);
  }
  return [...plans.values()];
}

/**
 * How the probe pods run the script: it travels in the Job (`sh -c`), since a ConfigMap would have
 * to be kept in every namespace probed.
 */
export function networkProbeCommand(): string[] {
  return ['sh', '-c', readSmokeScript(smokeScriptFiles.networkProbes), 'network-probes'];
}

/** The lines the probe script reads: `<allow|deny> <tcp|dns> <host> <port> <name>`. */
export function probeLines(probes: readonly NetworkProbe[]): string {
  return probes.map((probe) => `${probe.expectation} ${probe.kind} ${probe.host} ${probe.port} ${probe.name}`).join('\n');
}

/**
 * One Job per source pod. The pod carries exactly the labels of the workload it stands for (and
 * the probe label, which no policy selects), so the policies treat it as they treat that workload. It is never ready (its readiness probe always
 * fails), so a Service selecting those labels never sends it the workload's traffic.
 */
export function renderNetworkProbeJobs(environment: Environment, platform?: PlatformView): Job[] {
  if (!platform) throw new Error('the network probes are derived from the rendered platform: render them through the engine');
  const plans = networkProbePlan(environment, platform);
  const revision = revisionOf({ objects: platform.objects, plans });
  return plans.map(({ source, probes }) =>
    renderSmokeJob({
      environment,
      name: `smoke-network-${source.name}`,
      namespace: source.namespace,
      podLabels: { ...source.podLabels, [networkProbeLabel]: source.name },
      description: `NetworkPolicy probes from a pod labelled as ${source.name}: ${probes.map((probe) => `${probe.name} ${probe.expectation === 'allow' ? 'connects' : 'is refused'}`).join(', ')}`,
      revision,
      runAsUser: smokeUid,
      container: {
        name: 'network-probes',
        image: imageFor(environment, busyboxImage),
        command: networkProbeCommand(),
        env: [
          { name: 'SMOKE_PROBES', value: probeLines(probes) },
          { name: 'SMOKE_PROBE_TIMEOUT_SECONDS', value: '3' },
        ],
        readinessProbe: { exec: { command: ['false'] }, periodSeconds: 3600 },
      },
      activeDeadlineSeconds: 300,
    }),
  );
}
