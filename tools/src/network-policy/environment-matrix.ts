import type { Environment } from '@open4goods/environments';
import type { ComponentDefinition } from '@open4goods/kit';
import type { PlainObject } from '../engine/plain-object.ts';
import type { Endpoint } from './endpoints.ts';
import type { NetworkPolicy } from './evaluator.ts';
import { type AllowedFlow, connectivityMatrix } from './matrix.ts';
import { platformEndpoints } from './platform-endpoints.ts';

export interface EnvironmentMatrix {
  readonly endpoints: readonly Endpoint[];
  readonly policies: readonly NetworkPolicy[];
  readonly flows: readonly AllowedFlow[];
}

/** The connectivity of an environment's render: its NetworkPolicies evaluated between all its endpoints. */
export function environmentMatrix(
  environment: Environment,
  objects: readonly PlainObject[],
  components: readonly ComponentDefinition[],
  extraEndpoints: readonly Endpoint[] = [],
): EnvironmentMatrix {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
  const chartWorkloads = components.flatMap((component) => component.chartWorkloads?.(environment) ?? []);
  const endpoints = [...platformEndpoints(environment, objects, chartWorkloads), ...extraEndpoints];
  // Only traffic touching a namespace of the platform is its policies' business.
  const platformNamespaces = new Set(objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name));
  const inScope = (endpoint: Endpoint) => endpoint.kind === 'pod' && platformNamespaces.has(endpoint.namespace);
  return { endpoints, policies, flows: connectivityMatrix(policies, endpoints, inScope) };
}
