import { namespaceLabelViolations, podSecurityViolations } from '../pod-security/namespace-enforcement.ts';
import { apiReachViolations } from '../network-policy/api-reach.ts';
import { scrapeReachViolations } from '../network-policy/scrape-reach.ts';
import { webhookReachViolations } from '../network-policy/webhook-reach.ts';
import { rbacViolations } from '../rbac/rbac-rules.ts';
import { chartWorkloadViolations } from './chart-workloads.ts';
import { dataRetentionViolations } from './data-retention.ts';
import { undeclaredApiVersions } from './cluster-capabilities.ts';
import type { PlainObject } from './plain-object.ts';
import { type RenderedEnvironment, RenderError, chartObjectsOf, objectsOf } from './render.ts';

/** Secrets with values must come from the secret contract (SOPS or Vault), never from a unit's render. */
export function plaintextSecretViolations(objects: readonly PlainObject[]): string[] {
  return objects
    .filter((object) => object.kind === 'Secret' && object.apiVersion === 'v1' && (object.data !== undefined || object.stringData !== undefined))
    .map((object) => `Secret ${object.metadata.namespace}/${object.metadata.name} is rendered with values: declare it in the component's secrets contract instead`);
}

/** Policies add up: a chart's own NetworkPolicy would widen those of packages/netpol unseen. */
export function chartNetworkPolicyViolations(charts: RenderedEnvironment['charts']): string[] {
  return charts.flatMap((chart) =>
    chart.objects
      .filter((object) => object.kind === 'NetworkPolicy')
      .map((object) => `HelmRelease ${chart.chart.release} (chart ${chart.chart.chart} ${chart.chart.version}) renders NetworkPolicy ${object.metadata.name}: turn the chart's policies off in its values`),
  );
}

/** The chart pods the components declare by hand (packages/*: chartWorkloads). */
function declaredChartWorkloadsOf(rendered: RenderedEnvironment) {
  const components = new Set(rendered.units.map((unit) => unit.node.componentDefinition));
  return [...components].flatMap((component) => component.chartWorkloads?.(rendered.environment) ?? []);
}

/** The chart pods the components declare as calling the Kubernetes API (what the render cannot say). */
function apiCallersOf(rendered: RenderedEnvironment) {
  return declaredChartWorkloadsOf(rendered).filter((workload) => workload.callsKubernetesApi);
}

/**
 * The rules every environment's render must satisfy before anything is written: Pod Security
 * (each workload against its namespace's enforce level), RBAC, no plaintext Secret, nothing
 * holding data deleted when its declaration leaves git.
 */
export function checkPlatformRules(rendered: RenderedEnvironment): void {
  const objects = objectsOf(rendered);
  const chartObjects = chartObjectsOf(rendered.charts);
  const sections = [
    ['Cluster capabilities', undeclaredApiVersions([...objects, ...chartObjects])],
    ['Chart workloads', chartWorkloadViolations(declaredChartWorkloadsOf(rendered), chartObjects).problems],
    // The charts' pods (hook Jobs and test pods included) and RBAC are admitted like ours.
    ['Pod Security', [...namespaceLabelViolations(objects), ...podSecurityViolations(objects, chartObjects)]],
    ['RBAC', rbacViolations([...objects, ...chartObjects], apiCallersOf(rendered))],
    ['Secrets', plaintextSecretViolations(objects)],
    ['Chart NetworkPolicies', chartNetworkPolicyViolations(rendered.charts)],
    ['Kubernetes API reach', apiReachViolations(rendered.environment, objects, chartObjects)],
    ['Webhooks the API server calls', webhookReachViolations(rendered.environment, objects, chartObjects)],
    ['Targets Prometheus scrapes', scrapeReachViolations(rendered.environment, objects, chartObjects)],
    ['Data kept on removal', dataRetentionViolations(objects, rendered.charts)],
  ] as const;
  const failing = sections.filter(([, problems]) => problems.length > 0);
  if (failing.length === 0) return;
  throw new RenderError(
    `env ${rendered.environment.name}`,
    `the render breaks the platform rules:\n${failing.map(([section, problems]) => `  ${section}:\n    ${problems.map((problem) => problem.replaceAll('\n', '\n    ')).join('\n    ')}`).join('\n')}`,
  );
}
