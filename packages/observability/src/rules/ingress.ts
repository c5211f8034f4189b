import type { AlertGroupDefinition } from './alert-rule.ts';

/**
 * Upstream responses seen by F5's NGINX Ingress Controller (its latency metrics, one count per
 * response with the status `code`; the ingress package turns them on). Responses NGINX generates
 * itself without reaching an upstream are not counted.
 */
const responses = 'nginx_ingress_controller_upstream_server_response_latency_ms_count';
const byIngress = 'sum by (resource_namespace, resource_name)';
const rate = (selector: string) => `${byIngress} (rate(${responses}${selector}[5m]))`;
/** Below one request every 20 seconds a ratio says nothing (one error in two requests is 50%). */
const minimumRequestsPerSecond = 0.05;

const ratioAbove = (threshold: number) =>
  `(${rate('{code=~"5.."}')} / ${rate('')}) > ${threshold} and ${rate('')} > ${minimumRequestsPerSecond}`;

export const ingressAlerts: AlertGroupDefinition = {
  name: 'ingress',
  alerts: [
    {
      alert: 'IngressHigh5xxRatio',
      expr: ratioAbove(0.05),
      for: '10m',
      severity: 'warning',
      summary: 'More than 5% of the responses of Ingress {{ $labels.resource_namespace }}/{{ $labels.resource_name }} are 5xx',
      description: '{{ $value | humanizePercentage }} of the upstream responses are server errors.',
    },
    {
      alert: 'IngressHigh5xxRatio',
      expr: ratioAbove(0.25),
      for: '5m',
      severity: 'critical',
      summary: 'More than 25% of the responses of Ingress {{ $labels.resource_namespace }}/{{ $labels.resource_name }} are 5xx',
      description: '{{ $value | humanizePercentage }} of the upstream responses are server errors: users see the failures.',
    },
  ],
};
