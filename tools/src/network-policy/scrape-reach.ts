import type { Environment } from '@open4goods/environments';
import { prometheusWorkload, podTemplatesOf } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';
import type { Endpoint, PodEndpoint } from './endpoints.ts';
import { type NetworkPolicy, connectionAllowed } from './evaluator.ts';
import { type LabelSelector, matchesSelector } from './label-selector.ts';
import { platformEndpoints } from './platform-endpoints.ts';
import { namespaceLabelsOf, podEndpointOf } from './rendered-pod-endpoint.ts';

interface MonitorSpec {
  readonly selector?: LabelSelector;
  readonly namespaceSelector?: { readonly any?: boolean; readonly matchNames?: readonly string[] };
  readonly endpoints?: readonly { readonly port?: string; readonly targetPort?: number | string }[];
  readonly podMetricsEndpoints?: readonly { readonly port?: string; readonly portNumber?: number }[];
}

interface ServiceSpec {
  readonly selector?: Record<string, string>;
  readonly ports?: readonly { readonly name?: string; readonly port: number; readonly targetPort?: number | string }[];
}

/** Where a monitor looks: its own namespace unless its namespaceSelector says otherwise. */
const watchedNamespace = (monitor: PlainObject, spec: MonitorSpec) => (namespace: string) =>
  spec.namespaceSelector?.any === true || (spec.namespaceSelector?.matchNames ?? [monitor.metadata.namespace]).includes(namespace);

/**
 * Prometheus reaches every target its ServiceMonitors and PodMonitors (ours and the charts')
 * select, through the NetworkPolicies: each monitor endpoint is followed to the pods and container
 * port it scrapes, and the rendered policies are evaluated from Prometheus' pods (the operator
 * creates them at run time, with the labels of kit's prometheusWorkload). A target behind a
 * policy that shuts Prometheus out is a metric that silently stops, and an alert that never fires.
 */
export function scrapeReachViolations(environment: Environment, objects: readonly PlainObject[], chartObjects: readonly PlainObject[]): string[] {
  const everything = [...objects, ...chartObjects];
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
  const namespaceLabels = namespaceLabelsOf(objects);
  const prometheus: PodEndpoint = {
    kind: 'pod',
    name: 'prometheus',
    namespace: prometheusWorkload.namespace,
    labels: prometheusWorkload.podLabels,
    namespaceLabels: namespaceLabels.get(prometheusWorkload.namespace) ?? {},
    ports: [],
  };
  const pods = podTemplatesOf(everything);
  // A hostNetwork pod (node-exporter) answers on its node's address, where policies see the node.
  const node = platformEndpoints(environment, objects, []).find((endpoint) => endpoint.kind === 'external' && endpoint.name === 'node')!;
  const unreachable = (where: string, to: Endpoint, port: number) =>
    connectionAllowed(policies, { from: prometheus, to, port, protocol: 'TCP' })
      ? []
      : [`${where}: no NetworkPolicy lets Prometheus reach ${to.kind === 'pod' ? to.name : `the ${to.name} addresses`} on ${port}/TCP (declare the scrape in packages/netpol/src/flows.ts)`];

  return everything.flatMap((monitor) => {
    if (monitor.kind !== 'ServiceMonitor' && monitor.kind !== 'PodMonitor') return [];
    const spec = (monitor.spec ?? {}) as MonitorSpec;
    const where = `${monitor.kind} ${monitor.metadata.namespace}/${monitor.metadata.name}`;
    const inScope = watchedNamespace(monitor, spec);
    const selects = (labels: Readonly<Record<string, string>>) => matchesSelector(spec.selector ?? {}, labels);
    if (monitor.kind === 'PodMonitor') {
      const targets = pods.filter((pod) => inScope(pod.namespace!) && selects(pod.metadata.labels ?? {}));
      if (targets.length === 0) return [`${where} selects no rendered pod`];
      return targets.flatMap((pod) => {
        const to = podEndpointOf(pod, namespaceLabels);
        return (spec.podMetricsEndpoints ?? []).flatMap((endpoint) => {
          const port = endpoint.portNumber ?? to.ports.find((candidate) => candidate.name === endpoint.port)?.port;
          return port === undefined ? [`${where}: ${pod.owner} has no port "${endpoint.port}"`] : unreachable(where, to, port);
        });
      });
    }
    const services = everything.filter((object) => object.kind === 'Service' && inScope(object.metadata.namespace!) && selects((object.metadata.labels ?? {}) as Record<string, string>));
    if (services.length === 0) {
      // The API server's and the kubelets' monitors select Services Kubernetes or the operator
      // create outside the platform's namespaces: their targets are the node and API addresses,
      // outside the pod network, whose egress the flows declare by address.
      const watched = spec.namespaceSelector?.any ? [] : (spec.namespaceSelector?.matchNames ?? [monitor.metadata.namespace!]);
      const outsideThePlatform = watched.length > 0 && watched.every((namespace) => !namespaceLabels.has(namespace));
      return outsideThePlatform ? [] : [`${where} selects no rendered Service`];
    }
    const problems = services.flatMap((service) => {
      const serviceSpec = (service.spec ?? {}) as ServiceSpec;
      const targets = pods.filter((pod) => pod.namespace === service.metadata.namespace && serviceSpec.selector && matchesSelector({ matchLabels: serviceSpec.selector }, pod.metadata.labels ?? {}));
      return targets.flatMap((pod) =>
        (spec.endpoints ?? []).flatMap((endpoint) => {
          // The operator keeps only the Service ports the endpoint names: a selected Service
          // without that port (a headless twin) contributes no target.
          const servicePort = serviceSpec.ports?.find((candidate) => candidate.name === endpoint.port);
          if (endpoint.port !== undefined && !servicePort) return [];
          const to = podEndpointOf(pod, namespaceLabels);
          const target = endpoint.targetPort ?? servicePort?.targetPort ?? servicePort?.port;
          const port = typeof target === 'number' ? target : to.ports.find((candidate) => candidate.name === target)?.port;
          if (port === undefined) return [`${where}: Service ${service.metadata.name} leads port "${endpoint.port ?? endpoint.targetPort}" to no port of ${pod.owner}`];
          return pod.spec.hostNetwork ? unreachable(where, node, port) : unreachable(where, to, port);
        }),
      );
    });
    const named = (spec.endpoints ?? []).map((endpoint) => endpoint.port).filter((port): port is string => port !== undefined);
    const unserved = named.filter((port) => !services.some((service) => ((service.spec ?? {}) as ServiceSpec).ports?.some((candidate) => candidate.name === port)));
    return [...problems, ...unserved.map((port) => `${where}: no selected Service has a port named "${port}"`)];
  });
}
