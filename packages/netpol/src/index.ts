import type { Environment } from '@open4goods/environments';
import { type Layer, type PlatformView, boundServiceAccounts, defineComponent } from '@open4goods/kit';
import { checkFlow } from './flow-checks.ts';
import { policiesForFlow, renderDefaultDeny } from './flow-policies.ts';
import { platformFlows } from './flows.ts';
import { platformWorkloads, renderedNamespaces } from './platform-workloads.ts';

export * from './flow.ts';
export { platformFlows } from './flows.ts';
export { type ConnectionDestination, type ModelConnection, flowsAllowing } from './flow-model.ts';
export { workloadsOfEnd } from './flow-checks.ts';
export { type PlatformWorkload, platformWorkloads, renderedNamespaces } from './platform-workloads.ts';
export { flowReasonAnnotation } from './flow-policies.ts';

/**
 * The policies of the namespaces one layer renders. Each unit waits for the units that render
 * its namespaces (derived by the engine), so the infra namespaces get their policies without
 * waiting for the apps, which prod keeps suspended while decisions are open.
 */
function networkPoliciesFor(layers: readonly Layer[]) {
  return (environment: Environment, platform?: PlatformView) => {
    if (!platform) throw new Error('the network policies are derived from the rendered platform: render them through the engine');
    const namespaces = renderedNamespaces(platform);
    const workloads = platformWorkloads(platform, boundServiceAccounts(platform.objects));
    const flows = platformFlows(environment, workloads);
    for (const flow of flows) checkFlow(flow, workloads, new Set(namespaces));
    const policies = [...namespaces.map(renderDefaultDeny), ...flows.flatMap((flow) => policiesForFlow(flow, namespaces))];
    return policies.filter((policy) => layers.includes(platform.namespaceLayers.get(policy.metadata!.namespace!)!));
  };
}

/**
 * Zero-trust NetworkPolicies: a default-deny in every namespace any component renders, then the
 * flows of flows.ts, each as an egress policy at its source and an ingress policy at its
 * destination. Derived from the platform's render, so a new namespace is denied by default and
 * a renamed label or port breaks the build.
 */
export default defineComponent({
  name: 'netpol',
  layer: 'policies',
  sourceDirectory: 'packages/netpol',
  units: [
    { name: 'infra-namespaces', readsPlatform: true, render: networkPoliciesFor(['infra', 'policies']) },
    { name: 'apps-namespaces', readsPlatform: true, render: networkPoliciesFor(['apps']) },
  ],
});
