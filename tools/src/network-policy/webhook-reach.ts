import type { Environment } from '@open4goods/environments';
import { podTemplatesOf } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';
import { type NetworkPolicy, connectionAllowed } from './evaluator.ts';
import { matchesSelector } from './label-selector.ts';
import { platformEndpoints } from './platform-endpoints.ts';
import { namespaceLabelsOf, podEndpointOf } from './rendered-pod-endpoint.ts';

interface ServiceReference {
  readonly namespace: string;
  readonly name: string;
  readonly port?: number;
}

interface ServiceSpec {
  readonly selector?: Record<string, string>;
  readonly ports?: readonly { readonly port: number; readonly targetPort?: number | string; readonly protocol?: string }[];
}

/** Every Service the API server calls, and who makes it call: admission webhooks, aggregated APIs, CRD conversion. */
function calledServices(objects: readonly PlainObject[]): { readonly caller: string; readonly service: ServiceReference }[] {
  return objects.flatMap((object) => {
    const caller = `${object.kind} ${object.metadata.name}`;
    if (object.kind === 'ValidatingWebhookConfiguration' || object.kind === 'MutatingWebhookConfiguration') {
      const webhooks = (object as { webhooks?: { name: string; clientConfig?: { service?: ServiceReference } }[] }).webhooks ?? [];
      return webhooks.flatMap((webhook) => (webhook.clientConfig?.service ? [{ caller: `${caller} (${webhook.name})`, service: webhook.clientConfig.service }] : []));
    }
    if (object.kind === 'APIService') {
      const service = (object.spec as { service?: ServiceReference } | undefined)?.service;
      return service ? [{ caller, service }] : [];
    }
    if (object.kind === 'CustomResourceDefinition') {
      const service = (object.spec as { conversion?: { webhook?: { clientConfig?: { service?: ServiceReference } } } } | undefined)?.conversion?.webhook?.clientConfig?.service;
      return service ? [{ caller: `${caller} (conversion)`, service }] : [];
    }
    return [];
  });
}

/**
 * The API server reaches every webhook it calls through the NetworkPolicies: for each admission
 * webhook, aggregated API and CRD conversion webhook (ours and the charts'), the Service's port
 * leads to a port of the pods it selects, and the rendered policies let the API server's
 * addresses in there. A webhook the API server cannot reach fails every request it guards
 * (failurePolicy Fail), or lets them through unchecked (Ignore).
 */
export function webhookReachViolations(environment: Environment, objects: readonly PlainObject[], chartObjects: readonly PlainObject[]): string[] {
  const everything = [...objects, ...chartObjects];
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
  const api = platformEndpoints(environment, objects, []).find((endpoint) => endpoint.kind === 'external' && endpoint.name === 'kubernetes-api')!;
  const namespaceLabels = namespaceLabelsOf(objects);
  const pods = podTemplatesOf(everything);
  return calledServices(everything).flatMap(({ caller, service }) => {
    const where = `${caller} calls Service ${service.namespace}/${service.name}`;
    const rendered = everything.find((object) => object.kind === 'Service' && object.metadata.namespace === service.namespace && object.metadata.name === service.name);
    if (!rendered) return [`${where}, which the render does not have`];
    const spec = (rendered.spec ?? {}) as ServiceSpec;
    const servicePort = (spec.ports ?? []).find((candidate) => candidate.port === (service.port ?? 443));
    if (!servicePort) return [`${where} on port ${service.port ?? 443}, which the Service does not expose`];
    const selected = pods.filter((pod) => pod.namespace === service.namespace && spec.selector && matchesSelector({ matchLabels: spec.selector }, pod.metadata.labels ?? {}));
    if (selected.length === 0) return [`${where}, whose selector matches no rendered pod`];
    return selected.flatMap((pod) => {
      const to = podEndpointOf(pod, namespaceLabels);
      const target = servicePort.targetPort ?? servicePort.port;
      const port = typeof target === 'number' ? target : to.ports.find((candidate) => candidate.name === target)?.port;
      if (port === undefined) return [`${where}: its target port "${target}" is no port of ${pod.owner}`];
      if (connectionAllowed(policies, { from: api, to, port, protocol: 'TCP' })) return [];
      return [`${where}: no NetworkPolicy lets the API server reach ${pod.owner} on ${port}/TCP (declare the flow in packages/netpol/src/flows.ts)`];
    });
  });
}
