import type { Environment } from '@open4goods/environments';
import { boundServiceAccounts, podTemplatesOf } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';
import { type NetworkPolicy, connectionAllowed } from './evaluator.ts';
import { platformEndpoints } from './platform-endpoints.ts';
import { namespaceLabelsOf, podEndpointOf } from './rendered-pod-endpoint.ts';

/**
 * Every pod that calls the Kubernetes API reaches it through the NetworkPolicies: a pod whose
 * ServiceAccount a binding grants something and that mounts its token (ours, the charts', their
 * Helm hook Jobs included), on every API port of the environment. A hook Job that cannot reach
 * the API fails its hook, and with it every later upgrade of its chart.
 */
export function apiReachViolations(environment: Environment, objects: readonly PlainObject[], chartObjects: readonly PlainObject[]): string[] {
  const everything = [...objects, ...chartObjects];
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
  const api = platformEndpoints(environment, objects, []).find((endpoint) => endpoint.kind === 'external' && endpoint.name === 'kubernetes-api')!;
  const bound = boundServiceAccounts(everything);
  const automountOff = new Set(
    everything
      .filter((object) => object.kind === 'ServiceAccount' && (object as { automountServiceAccountToken?: boolean }).automountServiceAccountToken === false)
      .map((object) => `${object.metadata.namespace}/${object.metadata.name}`),
  );
  const namespaceLabels = namespaceLabelsOf(objects);
  return podTemplatesOf(everything).flatMap((pod) => {
    const account = `${pod.namespace}/${pod.spec.serviceAccountName ?? 'default'}`;
    const mountsToken = pod.spec.automountServiceAccountToken ?? !automountOff.has(account);
    if (!mountsToken || !bound.has(account)) return [];
    const from = podEndpointOf(pod, namespaceLabels);
    const blocked = api.ports.filter((port) => !connectionAllowed(policies, { from, to: api, port: port.port, protocol: port.protocol }));
    if (blocked.length === 0) return [];
    return [
      `${pod.owner} (ServiceAccount ${account}, granted by RBAC) cannot reach the Kubernetes API on ${blocked.map((port) => `${port.port}/${port.protocol}`).join(', ')}: ` +
        `no NetworkPolicy allows its egress there (packages/netpol/src/flows.ts derives the API flows from the bound ServiceAccounts)`,
    ];
  });
}
