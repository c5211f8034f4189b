import { loadEnvironment } from '@open4goods/environments';
import { mysqlExporterPortName } from '@open4goods/mysql';
import { describe, expect, it } from 'vitest';
import observability from './index.ts';
import { renderMysqlServiceMonitor } from './monitors.ts';

describe.each(['prod', 'staging'] as const)('the MySQL ServiceMonitor in %s', (name) => {
  const environment = loadEnvironment(name);
  const monitor = renderMysqlServiceMonitor(environment);

  it("scrapes the exporter port of the mysql Service in the application namespace, from the stack's namespace", () => {
    expect(() => monitor.validate()).not.toThrow();
    expect(monitor.metadata).toMatchObject({ name: 'mysql', namespace: 'observability' });
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: [environment.appNamespace] });
    expect(monitor.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' } });
    expect(monitor.spec.endpoints).toEqual([{ port: mysqlExporterPortName, interval: '30s', scrapeTimeout: '10s' }]);
  });

  it('is the only monitor the package adds: the infrastructure charts create their own', () => {
    const alertsUnit = observability.units.find((unit) => unit.name === 'alerts')!;
    expect(alertsUnit.render(environment).filter((object) => object.kind === 'ServiceMonitor' || object.kind === 'PodMonitor').map((object) => object.metadata?.name)).toEqual(['mysql']);
  });
});
