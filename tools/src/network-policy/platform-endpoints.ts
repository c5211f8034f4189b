import type { Environment } from '@open4goods/environments';
import { type ChartWorkload, firstHostOf, kubeDnsPorts, kubeDnsWorkload, networkProbeLabel, podTemplatesOf, vaultAddressOf } from '@open4goods/kit';
import { coreDnsMetricsPort, kubeletPort, observabilityPorts } from '@open4goods/observability';
import type { PlainObject } from '../engine/plain-object.ts';
import { type Endpoint, type ExternalEndpoint, type PodEndpoint, namespaceNameLabel } from './endpoints.ts';
import { namespaceLabelsOf, podEndpointOf } from './rendered-pod-endpoint.ts';

const labelsFor = (namespaces: Map<string, Record<string, string>>, namespace: string) => namespaces.get(namespace) ?? { [namespaceNameLabel]: namespace };

/** Public test addresses (RFC 5737): outside every private range, as the internet is. */
export const internetAddress = '203.0.113.10';
export const vaultTestAddress = '198.51.100.20';

/**
 * Everything the connectivity matrix talks about in an environment: the rendered workloads, the
 * pods the charts create, cluster DNS, and what lives outside the pod network (the Kubernetes API
 * server, Vault, the internet).
 */
export function platformEndpoints(environment: Environment, objects: readonly PlainObject[], chartWorkloads: readonly ChartWorkload[]): Endpoint[] {
  const namespaces = namespaceLabelsOf(objects);
  // The smoke component's network probes repeat the label sets of workloads shown here (or of
  // none: any pod); smoke-probes.test.ts evaluates them against the same policies.
  const workloadPods = podTemplatesOf(objects).filter((pod) => pod.metadata.labels?.[networkProbeLabel] === undefined);
  const rendered: PodEndpoint[] = workloadPods.map((pod) => podEndpointOf(pod, namespaces, pod.owner.split('/').pop()!));
  const charts: PodEndpoint[] = chartWorkloads.map((workload) => ({
    kind: 'pod',
    name: workload.name,
    namespace: workload.namespace,
    labels: workload.podLabels,
    namespaceLabels: labelsFor(namespaces, workload.namespace),
    ports: workload.ports,
  }));
  const kubeDns: PodEndpoint = {
    kind: 'pod',
    name: 'kube-dns',
    namespace: kubeDnsWorkload.namespace,
    labels: kubeDnsWorkload.podLabels,
    namespaceLabels: labelsFor(namespaces, kubeDnsWorkload.namespace),
    // CoreDNS serves its metrics beside DNS.
    ports: [...kubeDnsPorts, { name: 'metrics', port: coreDnsMetricsPort, protocol: 'TCP' }],
  };
  const externals: ExternalEndpoint[] = [
    {
      kind: 'external',
      name: 'kubernetes-api',
      ip: firstHostOf(environment.network.kubernetesApi.cidrs[0]!),
      ports: environment.network.kubernetesApi.ports.map((port) => ({ port, protocol: 'TCP' as const })),
    },
    {
      // A node: the kubelet and node-exporter (hostNetwork) answer on its address, which the
      // environment's API addresses cover.
      kind: 'external',
      name: 'node',
      ip: firstHostOf(environment.network.kubernetesApi.cidrs[0]!),
      ports: [
        { port: kubeletPort, protocol: 'TCP' },
        { port: observabilityPorts.nodeExporter.port, protocol: 'TCP' },
      ],
    },
    { kind: 'external', name: 'vault', ip: vaultTestAddress, ports: [{ port: vaultAddressOf(environment).port, protocol: 'TCP' }] },
    {
      kind: 'external',
      name: 'internet',
      ip: internetAddress,
      ports: [
        { port: 443, protocol: 'TCP' },
        { port: 80, protocol: 'TCP' },
        { port: 53, protocol: 'UDP' },
      ],
    },
  ];
  return [...rendered, ...charts, kubeDns, ...externals];
}
