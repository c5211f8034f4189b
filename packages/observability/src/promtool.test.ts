import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { alertGroups, renderPrometheusRules, runbookUrl } from './rules/index.ts';
import { type AlertScenario, alertScenarios } from './testing/alert-scenarios.ts';
import { promtoolAvailable, runPromtool } from './testing/promtool.ts';

interface RuleGroup {
  readonly name: string;
  readonly rules: readonly { readonly alert: string; readonly labels: Record<string, string>; readonly annotations: Record<string, string> }[];
}

/** The rule groups exactly as the PrometheusRule objects carry them (what the operator hands Prometheus). */
function renderedGroups(environment: Environment): RuleGroup[] {
  return renderPrometheusRules(environment).flatMap((rule) => (JSON.parse(JSON.stringify(rule)) as { spec: { groups: RuleGroup[] } }).spec.groups);
}

/**
 * For the unit tests, the summary and description are left out: they are templates of the firing
 * value, which `promtool check rules` parses; the runbook link stays and is expected on every alert.
 */
function withRunbookAnnotationOnly(groups: readonly RuleGroup[]): RuleGroup[] {
  return groups.map((group) => ({ ...group, rules: group.rules.map((rule) => ({ ...rule, annotations: { runbook_url: rule.annotations.runbook_url! } })) }));
}

/** One promtool test file per evaluation interval (promtool has one interval per file). */
function unitTestFiles(environment: Environment): Record<string, unknown> {
  const byInterval = Map.groupBy(alertScenarios(environment), (scenario) => scenario.evaluationInterval ?? '1m');
  return Object.fromEntries([...byInterval].map(([interval, scenarios]) => [`tests-${interval}.yaml`, unitTests(environment, interval, scenarios)]));
}

function unitTests(environment: Environment, evaluationInterval: string, scenarios: readonly AlertScenario[]) {
  return {
    rule_files: ['rules.yaml'],
    evaluation_interval: evaluationInterval,
    tests: scenarios.map((scenario) => ({
      name: `${scenario.alert}: ${scenario.description}`,
      interval: scenario.interval,
      input_series: scenario.series,
      alert_rule_test: [
        {
          eval_time: scenario.evalTime,
          alertname: scenario.alert,
          exp_alerts: scenario.expected.map((alert) => ({
            exp_labels: { ...alert.labels, severity: alert.severity },
            exp_annotations: { runbook_url: runbookUrl(environment, scenario.alert) },
          })),
        },
      ],
    })),
  };
}

const environments: [string, Environment][] = [
  ['prod', loadEnvironment('prod')],
  ['staging', loadEnvironment('staging')],
  // RPO and restore test of other lengths: the thresholds follow the decisions.
  [
    'staging with a 6h RPO and a 14d restore test',
    defineEnvironment('staging', 'packages/environments/src/staging.ts', {
      decisions: { recoveryObjectives: { status: 'locked', value: { rpo: '6h', rto: '4h' } }, restoreTestFrequency: { status: 'locked', value: '14d' } },
    }, loadEnvironment('staging')),
  ],
];

describe('every alert has failing and healthy scenarios', () => {
  it.each(environments)('in %s: each alert name and severity fires in one scenario, and each alert stays silent in another', (_name, environment) => {
    const scenarios = alertScenarios(environment);
    for (const group of alertGroups(environment)) {
      for (const alert of group.alerts) {
        const ofAlert = scenarios.filter((scenario) => scenario.alert === alert.alert);
        expect(ofAlert.some((scenario) => scenario.expected.some((expected) => expected.severity === alert.severity)), `${alert.alert} (${alert.severity}) never fires`).toBe(true);
        expect(ofAlert.some((scenario) => scenario.expected.length === 0), `${alert.alert} is never shown silent`).toBe(true);
      }
    }
    const names = new Set(alertGroups(environment).flatMap((group) => group.alerts.map((alert) => alert.alert)));
    expect(scenarios.filter((scenario) => !names.has(scenario.alert))).toEqual([]);
  });
});

// promtool evaluates every rule at every step of every scenario: several seconds per environment on two cores.
describe.runIf(promtoolAvailable())('promtool on the rendered PrometheusRules', { timeout: 120_000 }, () => {
  it.each(environments)('in %s: promtool check rules accepts every rule', (_name, environment) => {
    const groups = renderedGroups(environment);
    const result = runPromtool({ 'rules.yaml': { groups } }, ['check', 'rules', 'rules.yaml']);
    expect(result.status, result.output).toBe(0);
    const count = groups.reduce((total, group) => total + group.rules.length, 0);
    expect(result.output).toContain(`SUCCESS: ${count} rules found`);
  });

  it.each(environments)('in %s: promtool test rules shows each alert firing on failing series and silent on healthy ones', (_name, environment) => {
    const files = unitTestFiles(environment);
    const result = runPromtool({ 'rules.yaml': { groups: withRunbookAnnotationOnly(renderedGroups(environment)) }, ...files }, ['test', 'rules', ...Object.keys(files)]);
    expect(result.status, result.output).toBe(0);
    expect(result.output.match(/SUCCESS/g)).toHaveLength(Object.keys(files).length);
  });

  it('would catch a rule that does not fire where it should (the harness can fail)', () => {
    const environment = loadEnvironment('staging');
    // Every firing scenario claims silence instead.
    const silenced = alertScenarios(environment).filter((scenario) => scenario.expected.length > 0 && !scenario.evaluationInterval).map((scenario) => ({ ...scenario, expected: [] }));
    const result = runPromtool({ 'rules.yaml': { groups: withRunbookAnnotationOnly(renderedGroups(environment)) }, 'tests.yaml': unitTests(environment, '1m', silenced) }, ['test', 'rules', 'tests.yaml']);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('FAILED');
  });
});
