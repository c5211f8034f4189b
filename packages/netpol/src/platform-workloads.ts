import { type PlatformView, type WorkloadPort, podPortsOf, podTemplatesOf } from '@open4goods/kit';

/** A workload of the platform as a flow sees it: its namespace, pod labels and ports. */
export interface PlatformWorkload {
  readonly name: string;
  readonly namespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly WorkloadPort[];
  readonly serviceAccount?: string;
  readonly callsKubernetesApi: boolean;
}

/** The namespaces the platform renders: each gets a default-deny policy. */
export function renderedNamespaces(platform: PlatformView): string[] {
  return platform.objects.filter((object) => object.kind === 'Namespace' && object.apiVersion === 'v1').map((object) => object.metadata.name);
}

/** Rendered workloads (from their pod templates) and the pods charts create. */
export function platformWorkloads(platform: PlatformView, boundAccounts: ReadonlySet<string>): PlatformWorkload[] {
  const rendered = podTemplatesOf(platform.objects).map((pod) => {
    const serviceAccount = pod.spec.serviceAccountName ?? 'default';
    return {
      name: pod.owner.split('/').pop()!,
      namespace: pod.namespace!,
      podLabels: pod.metadata.labels ?? {},
      ports: podPortsOf(pod.spec),
      serviceAccount,
      callsKubernetesApi: boundAccounts.has(`${pod.namespace}/${serviceAccount}`),
    };
  });
  return [...rendered, ...platform.chartWorkloads];
}
