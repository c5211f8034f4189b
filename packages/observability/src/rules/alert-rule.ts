import type { Environment } from '@open4goods/environments';

export type Severity = 'critical' | 'warning';

/** One alert as the platform writes it: what it watches, how long, how bad, and what to tell the operator. */
export interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  /** How long the expression must hold before the alert fires (a Prometheus duration). */
  readonly for: string;
  readonly severity: Severity;
  /** One line, with the object it is about (`{{ $labels.… }}`). */
  readonly summary: string;
  /** What it means and what it costs if ignored. */
  readonly description: string;
}

/** A group of alerts evaluated together; one PrometheusRule object each. */
export interface AlertGroupDefinition {
  /** DNS label: the PrometheusRule is named `platform-<name>`. */
  readonly name: string;
  readonly alerts: readonly AlertDefinition[];
}

/** A Prometheus alerting rule (the `rules[]` entry of a rule group). */
export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: { readonly severity: Severity };
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
}

/** The runbook with one section per alert, in docs/runbooks/. */
export const alertRunbookFile = 'alerts.md';

/** The section of an alert in the runbook: its heading is the alert name, so the anchor is the name in lower case. */
export function runbookAnchor(alert: string): string {
  return alert.toLowerCase();
}

export function runbookUrl(environment: Environment, alert: string): string {
  return `${environment.observability.runbookBaseUrl}/${alertRunbookFile}#${runbookAnchor(alert)}`;
}

export function alertingRule(environment: Environment, definition: AlertDefinition): AlertingRule {
  return {
    alert: definition.alert,
    expr: definition.expr,
    for: definition.for,
    labels: { severity: definition.severity },
    annotations: { summary: definition.summary, description: definition.description, runbook_url: runbookUrl(environment, definition.alert) },
  };
}

type Matcher = string | { readonly regex: string };

/** A PromQL label selector, `{a="x",b=~"y|z"}`, with values escaped for PromQL strings. */
export function labelSelector(matchers: Readonly<Record<string, Matcher>>): string {
  const quote = (value: string) => JSON.stringify(value);
  const parts = Object.entries(matchers).map(([label, matcher]) => (typeof matcher === 'string' ? `${label}=${quote(matcher)}` : `${label}=~${quote(matcher.regex)}`));
  return `{${parts.join(',')}}`;
}

/** A regex matching exactly these values. */
export function anyOf(values: readonly string[]): { readonly regex: string } {
  return { regex: values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|') };
}
