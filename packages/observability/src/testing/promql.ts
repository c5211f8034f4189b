import { parser } from '@prometheus-io/lezer-promql';

/** Grafana's built-in interval variables, replaced by a duration so the query is plain PromQL. */
const grafanaVariables: Readonly<Record<string, string>> = { $__rate_interval: '5m', $__interval: '1m', $__range: '1h' };

export function withoutGrafanaVariables(expression: string): string {
  return Object.entries(grafanaVariables).reduce((text, [variable, duration]) => text.replaceAll(variable, duration), expression);
}

export interface ParsedQuery {
  /** Where the parser found an error (the offset), if anywhere. */
  readonly errorAt: number | undefined;
  /** The metric names of the query's vector selectors. */
  readonly metrics: readonly string[];
}

/** Parses PromQL with Prometheus' own grammar (the one its web UI uses). */
export function parsePromql(expression: string): ParsedQuery {
  let errorAt: number | undefined;
  const metrics = new Set<string>();
  parser.parse(expression).iterate({
    enter: (node) => {
      if (node.type.isError && errorAt === undefined) errorAt = node.from;
      if (node.name === 'Identifier' && node.node.parent?.name === 'VectorSelector') metrics.add(expression.slice(node.from, node.to));
    },
  });
  return { errorAt, metrics: [...metrics] };
}
