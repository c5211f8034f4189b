import { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import type { Environment } from '@open4goods/environments';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TextPanelBuilder } from '@grafana/grafana-foundation-sdk/text';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { prometheusDatasourceUid } from '../names.ts';

/** The Prometheus data source the stack provisions in Grafana (uid `prometheus`). */
export const prometheusDatasource = { type: 'prometheus', uid: prometheusDatasourceUid } as const;

export interface PanelQuery {
  readonly expr: string;
  readonly legend?: string;
}

function query({ expr, legend }: PanelQuery): DataqueryBuilder {
  const builder = new DataqueryBuilder().expr(expr).datasource(prometheusDatasource);
  return legend ? builder.legendFormat(legend) : builder;
}

/** A time series panel of one or more queries, in a Grafana unit (`percentunit`, `bytes`, `reqps`…). */
export function timeseries(title: string, unit: string, queries: readonly PanelQuery[], span = 12): TimeseriesPanelBuilder {
  const panel = new TimeseriesPanelBuilder().title(title).unit(unit).datasource(prometheusDatasource).span(span).height(8).fillOpacity(10);
  for (const item of queries) panel.withTarget(query(item));
  return panel;
}

/** A single-value panel (the last value of one query). */
export function stat(title: string, unit: string, item: PanelQuery, span = 6): StatPanelBuilder {
  return new StatPanelBuilder().title(title).unit(unit).datasource(prometheusDatasource).span(span).height(4).withTarget(query(item));
}

/** A note in the dashboard, for what cannot be measured and why. */
export function note(title: string, markdown: string, span = 24): TextPanelBuilder {
  return new TextPanelBuilder().title(title).span(span).height(3).content(markdown);
}

/** A platform dashboard: titled with its environment, tagged, refreshed every minute, six hours shown. */
export function platformDashboard(environment: Environment, title: string, uid: string, tags: readonly string[] = []): DashboardBuilder {
  return new DashboardBuilder(`Open4Goods / ${title} (${environment.name})`)
    .uid(uid)
    .tags(['open4goods', 'generated', ...tags])
    .editable()
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('browser');
}
