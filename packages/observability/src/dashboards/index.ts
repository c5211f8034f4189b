import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Environment } from '@open4goods/environments';
import { standardLabels } from '@open4goods/kit';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { grafanaDashboardLabel, observabilityNamespace } from '../names.ts';
import { clusterOverviewDashboard } from './cluster.ts';
import { longhornDashboard } from './longhorn.ts';
import { mysqlDashboard } from './mysql.ts';
import { xwikiDashboard } from './xwiki.ts';

/** Every dashboard of the platform, as the SDK builds them for an environment. */
export function dashboardBuilders(environment: Environment): DashboardBuilder[] {
  return [clusterOverviewDashboard(environment), longhornDashboard(environment), mysqlDashboard(environment), xwikiDashboard(environment)];
}

/**
 * The dashboards as the JSON documents Grafana loads, keyed by uid. The SDK's objects carry
 * methods (query variants) that JSON drops; what counts is the document.
 */
export function dashboards(environment: Environment): Map<string, object> {
  return new Map(
    dashboardBuilders(environment).map((builder) => {
      const dashboard = JSON.parse(JSON.stringify(builder.build())) as { uid: string; panels: { id?: number }[] };
      // Panel ids are stable links (`viewPanel=<id>`): numbered in order, not left to Grafana.
      dashboard.panels.forEach((panel, index) => (panel.id = index + 1));
      return [dashboard.uid, dashboard];
    }),
  );
}

/** One ConfigMap per dashboard, labelled for the Grafana sidecar, which loads it without a restart. */
export function renderDashboardConfigMaps(environment: Environment): ConfigMap[] {
  return [...dashboards(environment)].map(
    ([uid, dashboard]) =>
      new ConfigMap({
        metadata: {
          name: `dashboard-${uid}`,
          namespace: observabilityNamespace,
          labels: { ...standardLabels({ name: `dashboard-${uid}`, component: 'dashboards' }), ...grafanaDashboardLabel },
        },
        // No trailing newline: kustomize drops it from a JSON6902 patch value, and the overlay must equal the render.
        data: { [`${uid}.json`]: JSON.stringify(dashboard, null, 2) },
      }),
  );
}
