import type { ComponentDefinition } from '@open4goods/kit';
import { objectsOf, type RenderedEnvironment } from '../engine/render.ts';
import { formatByNamespace, flowsByNamespace, outsideThePodNetwork } from '../network-policy/by-namespace.ts';
import { describeEndpoint } from '../network-policy/endpoints.ts';
import { type EnvironmentMatrix, environmentMatrix } from '../network-policy/environment-matrix.ts';

export const networkFlowsDocument = 'docs/runbooks/network-flows.md';

/** Mermaid ids are plain words; endpoint names carry `/` and `-`. */
const nodeId = (name: string) => `n_${name.replace(/[^A-Za-z0-9]/g, '_')}`;
const isDns = (name: string) => name === 'kube-system/kube-dns';

/** A Mermaid flowchart: one subgraph per namespace (and the outside), one arrow per allowed flow but DNS. */
export function mermaidOf(matrix: EnvironmentMatrix): { diagram: string; dnsEdges: number } {
  const lines = ['flowchart LR'];
  for (const group of flowsByNamespace(matrix)) {
    lines.push(`  subgraph ${nodeId(`ns ${group.name}`)}["${group.name === outsideThePodNetwork ? group.name : `namespace ${group.name}`}"]`);
    for (const endpoint of group.endpoints) {
      const name = describeEndpoint(endpoint);
      lines.push(`    ${nodeId(name)}["${endpoint.kind === 'pod' ? endpoint.name : name}"]`);
    }
    lines.push('  end');
  }
  const drawn = matrix.flows.filter((flow) => !isDns(flow.to));
  for (const flow of drawn) {
    const ports = flow.ports.map((port) => `${port.port}${port.endPort !== undefined ? `-${port.endPort}` : ''}/${port.protocol}`).join(', ');
    lines.push(`  ${nodeId(flow.from)} -->|"${ports}"| ${nodeId(flow.to)}`);
  }
  return { diagram: lines.join('\n'), dnsEdges: matrix.flows.length - drawn.length };
}

/**
 * The allowed flows of every environment as a picture GitHub renders (Mermaid) and as the same
 * per-namespace list `o4g netpol` prints, both from the rendered NetworkPolicies.
 */
export function renderNetworkFlowsDocument(renders: readonly RenderedEnvironment[], components: readonly ComponentDefinition[]): string {
  const sections = renders.map((render) => {
    const { environment } = render;
    const matrix = environmentMatrix(environment, objectsOf(render), components);
    const { diagram, dnsEdges } = mermaidOf(matrix);
    const report = formatByNamespace(environment.name, matrix);
    return [
      `## ${environment.name}`,
      '',
      `Every arrow is a connection the NetworkPolicies of ${environment.name} allow (source to destination, ports);`,
      `anything without an arrow is denied where a policy isolates the pods. The ${dnsEdges} flows to`,
      '`kube-system/kube-dns` (cluster DNS) are left out of the picture and listed below.',
      '',
      '```mermaid',
      diagram,
      '```',
      '',
      `\`npx o4g netpol ${environment.name}\` prints the same flows:`,
      '',
      '```',
      report.trimEnd(),
      '```',
    ].join('\n');
  });
  return [
    '# Network flows',
    '',
    'What the rendered NetworkPolicies allow, per environment, evaluated with Kubernetes semantics by',
    '`tools/src/network-policy` (the same evaluator `o4g netpol` and the smoke probes use). How to',
    'change a flow: [network-policies.md](network-policies.md).',
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}
