import { loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { dashboards, renderDashboardConfigMaps } from './dashboards/index.ts';
import { alertGroups } from './rules/index.ts';
import { metricCatalogue } from './testing/metric-catalogue.ts';
import { parsePromql, withoutGrafanaVariables } from './testing/promql.ts';

interface Panel {
  readonly id?: number;
  readonly type: string;
  readonly title: string;
  readonly gridPos?: { readonly x: number; readonly y: number; readonly w: number; readonly h: number };
  readonly datasource?: { readonly type: string; readonly uid: string };
  readonly targets?: readonly { readonly expr: string; readonly datasource?: { readonly uid: string } }[];
}

const panelsOf = (dashboard: object) => (dashboard as { panels: Panel[] }).panels.filter((panel) => panel.type !== 'row');

describe('the PromQL parser of the tests', () => {
  it('finds errors and metric names', () => {
    expect(parsePromql('sum by (a) (rate(foo_total{a="b"}[5m])) / bar')).toEqual({ errorAt: undefined, metrics: ['foo_total', 'bar'] });
    expect(parsePromql('rate(foo[5m').errorAt).toBeDefined();
    expect(parsePromql('sum(rate(foo[$__rate_interval]))').errorAt).toBeDefined();
    expect(parsePromql(withoutGrafanaVariables('sum(rate(foo[$__rate_interval]))')).errorAt).toBeUndefined();
  });
});

describe.each(['prod', 'staging'] as const)('the dashboards of %s', (name) => {
  const environment = loadEnvironment(name);
  const built = dashboards(environment);

  it('are the cluster overview, Longhorn, MySQL and XWiki', () => {
    expect([...built.keys()]).toEqual(['open4goods-cluster', 'open4goods-longhorn', 'open4goods-mysql', 'open4goods-xwiki']);
  });

  it.each(['open4goods-cluster', 'open4goods-longhorn', 'open4goods-mysql', 'open4goods-xwiki'])('%s is Grafana dashboard JSON: schema version, unique panel ids, panels inside the 24-column grid', (uid) => {
    const dashboard = built.get(uid)!;
    const { schemaVersion, title, panels } = dashboard as { schemaVersion: number; title: string; panels: Panel[] };
    expect(schemaVersion).toBeGreaterThanOrEqual(39);
    expect(title).toContain(`(${name})`);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of panels) {
      expect(panel.gridPos, panel.title).toBeDefined();
      expect(panel.gridPos!.x + panel.gridPos!.w, panel.title).toBeLessThanOrEqual(24);
    }
  });

  it('query Prometheus through the provisioned data source, with PromQL that parses and metrics the exporters expose', () => {
    for (const [uid, dashboard] of built) {
      for (const panel of panelsOf(dashboard)) {
        if (panel.type === 'text') continue;
        expect(panel.datasource, `${uid}: ${panel.title}`).toEqual({ type: 'prometheus', uid: 'prometheus' });
        expect(panel.targets?.length, `${uid}: ${panel.title}`).toBeGreaterThan(0);
        for (const target of panel.targets!) {
          const parsed = parsePromql(withoutGrafanaVariables(target.expr));
          expect(parsed.errorAt, `${uid}: ${panel.title}: ${target.expr}`).toBeUndefined();
          for (const metric of parsed.metrics) expect(metricCatalogue[metric], `${uid}: ${panel.title}: unknown metric ${metric}`).toBeDefined();
        }
      }
    }
  });

  it('are ConfigMaps the Grafana sidecar loads (label grafana_dashboard=1), one JSON file each', () => {
    for (const configMap of renderDashboardConfigMaps(environment)) {
      expect(() => configMap.validate()).not.toThrow();
      expect(configMap.metadata?.namespace).toBe('observability');
      expect(configMap.metadata?.labels?.grafana_dashboard).toBe('1');
      const [file, content] = Object.entries(configMap.data!)[0]!;
      expect(file).toBe(`${configMap.metadata!.name!.replace(/^dashboard-/, '')}.json`);
      expect(JSON.parse(content)).toEqual(dashboards(environment).get(file.replace(/\.json$/, '')));
    }
  });

  it('show MySQL query latency, the InnoDB buffer pool and connections, and XWiki requests and errors', () => {
    const queries = (uid: string) => panelsOf(built.get(uid)!).flatMap((panel) => (panel.targets ?? []).map((target) => target.expr)).join('\n');
    expect(queries('open4goods-mysql')).toMatch(/mysql_perf_schema_events_statements_sum_timer_wait/);
    expect(queries('open4goods-mysql')).toMatch(/mysql_global_status_buffer_pool_pages/);
    expect(queries('open4goods-mysql')).toMatch(/mysql_global_status_threads_connected/);
    expect(queries('open4goods-xwiki')).toMatch(/resource_name="xwiki"/);
    expect(queries('open4goods-xwiki')).toMatch(/code=~"5\.\."/);
  });
});

describe('the alert expressions', () => {
  it.each(['prod', 'staging'] as const)('in %s use only metrics the exporters expose', (name) => {
    for (const alert of alertGroups(loadEnvironment(name)).flatMap((group) => group.alerts)) {
      const parsed = parsePromql(alert.expr);
      expect(parsed.errorAt, alert.alert).toBeUndefined();
      for (const metric of parsed.metrics) expect(metricCatalogue[metric], `${alert.alert}: unknown metric ${metric}`).toBeDefined();
    }
  });
});
