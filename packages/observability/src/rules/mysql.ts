import { type Environment, appsSuspendedIn } from '@open4goods/environments';
import { mysqlLongQueryTimeSeconds } from '@open4goods/mysql';
import { mysqlScrapeJob } from '../monitors.ts';
import { type AlertGroupDefinition, labelSelector } from './alert-rule.ts';

/** More slow queries than this per minute, for 15 minutes, is an alert. */
export const slowQueriesPerMinute = 1;

export function mysqlAlerts(environment: Environment): AlertGroupDefinition {
  const target = labelSelector({ namespace: environment.appNamespace, job: mysqlScrapeJob });
  // While the apps are deliberately not deployed (prod with open decisions) a missing target is expected.
  const missing = appsSuspendedIn(environment) ? '' : ` or absent(up${target})`;
  const connectionsRatio = `max_over_time(mysql_global_status_threads_connected${target}[5m]) / mysql_global_variables_max_connections${target}`;
  return {
    name: 'mysql',
    alerts: [
      {
        alert: 'MySQLDown',
        expr: `mysql_up${target} == 0 or up${target} == 0${missing}`,
        for: '2m',
        severity: 'critical',
        summary: `MySQL in ${environment.appNamespace} is down`,
        description: 'The exporter cannot reach MySQL, the exporter itself is not scraped, or the MySQL pod does not exist: XWiki cannot work.',
      },
      {
        alert: 'MySQLTooManyConnections',
        expr: `${connectionsRatio} > 0.8`,
        for: '10m',
        severity: 'warning',
        summary: `MySQL in ${environment.appNamespace} uses {{ $value | humanizePercentage }} of max_connections`,
        description: 'Connections are close to max_connections (the environment\'s mysql.maxConnections): new connections will be refused.',
      },
      {
        alert: 'MySQLTooManyConnections',
        expr: `${connectionsRatio} > 0.95`,
        for: '2m',
        severity: 'critical',
        summary: `MySQL in ${environment.appNamespace} uses {{ $value | humanizePercentage }} of max_connections`,
        description: 'Almost every connection slot is taken: XWiki requests fail with "Too many connections".',
      },
      {
        alert: 'MySQLSlowQueries',
        expr: `rate(mysql_global_status_slow_queries${target}[10m]) * 60 > ${slowQueriesPerMinute}`,
        for: '15m',
        severity: 'warning',
        summary: `MySQL in ${environment.appNamespace} runs {{ $value | humanize }} slow queries per minute`,
        description: `Queries slower than long_query_time (${mysqlLongQueryTimeSeconds}s) keep coming: pages are slow. The slow query log names them.`,
      },
    ],
  };
}
