import { type DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Environment } from '@open4goods/environments';
import { mysqlScrapeJob } from '../monitors.ts';
import { labelSelector } from '../rules/alert-rule.ts';
import { platformDashboard, stat, timeseries } from './panels.ts';

/** MySQL from its exporter sidecar: availability, connections, query rate and latency, InnoDB buffer pool. */
export function mysqlDashboard(environment: Environment): DashboardBuilder {
  const target = labelSelector({ namespace: environment.appNamespace, job: mysqlScrapeJob });
  const rate = (metric: string) => `rate(${metric}${target}[$__rate_interval])`;
  return platformDashboard(environment, 'MySQL', 'open4goods-mysql', ['mysql'])
    .withRow(new RowBuilder('Availability'))
    .withPanel(stat('MySQL up', 'bool_yes_no', { expr: `mysql_up${target}` }))
    .withPanel(stat('Connections used', 'percentunit', { expr: `mysql_global_status_threads_connected${target} / mysql_global_variables_max_connections${target}` }))
    .withPanel(stat('Buffer pool hit ratio', 'percentunit', { expr: `1 - ${rate('mysql_global_status_innodb_buffer_pool_reads')} / ${rate('mysql_global_status_innodb_buffer_pool_read_requests')}` }))
    .withPanel(stat('Slow queries (1h)', 'short', { expr: `increase(mysql_global_status_slow_queries${target}[1h])` }))
    .withRow(new RowBuilder('Queries'))
    .withPanel(timeseries('Queries per second', 'qps', [{ expr: rate('mysql_global_status_questions'), legend: 'questions' }]))
    .withPanel(
      timeseries('Mean statement latency', 's', [
        // performance_schema's statement summary: total wait time over statement count.
        { expr: `${rate('mysql_perf_schema_events_statements_sum_timer_wait')} / ${rate('mysql_perf_schema_events_statements_sum_total')}`, legend: 'mean latency' },
      ]),
    )
    .withPanel(timeseries('Slow queries per second', 'qps', [{ expr: rate('mysql_global_status_slow_queries'), legend: 'slow queries' }]))
    .withPanel(
      timeseries('Connections', 'short', [
        { expr: `mysql_global_status_threads_connected${target}`, legend: 'connected' },
        { expr: `mysql_global_status_threads_running${target}`, legend: 'running' },
        { expr: `mysql_global_variables_max_connections${target}`, legend: 'max_connections' },
      ]),
    )
    .withRow(new RowBuilder('InnoDB buffer pool'))
    .withPanel(timeseries('Buffer pool pages', 'short', [{ expr: `sum by (state) (mysql_global_status_buffer_pool_pages${target})`, legend: '{{state}}' }]))
    .withPanel(
      timeseries('Buffer pool reads', 'ops', [
        { expr: rate('mysql_global_status_innodb_buffer_pool_read_requests'), legend: 'logical reads' },
        { expr: rate('mysql_global_status_innodb_buffer_pool_reads'), legend: 'reads from disk' },
      ]),
    )
    .withPanel(timeseries('Buffer pool size', 'bytes', [{ expr: `mysql_global_variables_innodb_buffer_pool_size${target}`, legend: 'innodb_buffer_pool_size' }], 24));
}
