import type { Environment } from '@open4goods/environments';
import { type SecretRequirement, renderNamespace, standardLabels } from '@open4goods/kit';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { renderExporterUserInitScript, renderMysqlConfiguration, renderSmokeAccountInitScript } from './config.ts';
import { mysqlSelectorLabels } from './selectors.ts';
import {
  mysqlConfigMapName,
  mysqlCredentialKeys,
  mysqlCredentialsSecretName,
  mysqlExporterPort,
  mysqlExporterPortName,
  mysqlHeadlessServiceName,
  mysqlInitScriptsConfigMapName,
  mysqlName,
  mysqlPort,
  mysqlPortName,
  mysqlServiceName,
  mysqlUnitName,
} from './names.ts';

const labels = () => standardLabels({ name: mysqlName, component: 'database' });

/** The namespace of the Open4Goods applications (MySQL, XWiki, backups), Pod Security restricted. */
export function renderAppNamespace(environment: Environment) {
  return renderNamespace(environment.appNamespace, { level: 'restricted' }, 'applications');
}

export function renderMysqlServiceAccount(environment: Environment): ServiceAccount {
  return new ServiceAccount({
    metadata: { name: mysqlName, namespace: environment.appNamespace, labels: labels() },
    automountServiceAccountToken: false,
  });
}

export function renderMysqlConfigMaps(environment: Environment): ConfigMap[] {
  return [
    new ConfigMap({
      metadata: { name: mysqlConfigMapName, namespace: environment.appNamespace, labels: labels() },
      data: { 'open4goods.cnf': renderMysqlConfiguration(environment) },
    }),
    new ConfigMap({
      metadata: { name: mysqlInitScriptsConfigMapName, namespace: environment.appNamespace, labels: labels() },
      data: { '10-exporter-user.sh': renderExporterUserInitScript(), '20-smoke-account.sh': renderSmokeAccountInitScript() },
    }),
  ];
}

/**
 * Two Services: `mysql` (ClusterIP, what clients use; never NodePort or LoadBalancer) and
 * `mysql-headless` (the StatefulSet's governing Service, publishing the pod before it is ready
 * so peers and restores can reach it by name).
 */
export function renderMysqlServices(environment: Environment): Service[] {
  const ports = [
    { name: mysqlPortName, port: mysqlPort, targetPort: mysqlPortName, protocol: 'TCP' as const },
    { name: mysqlExporterPortName, port: mysqlExporterPort, targetPort: mysqlExporterPortName, protocol: 'TCP' as const },
  ];
  return [
    new Service({
      metadata: { name: mysqlServiceName, namespace: environment.appNamespace, labels: labels() },
      spec: { type: 'ClusterIP', selector: mysqlSelectorLabels, ports },
    }),
    new Service({
      metadata: { name: mysqlHeadlessServiceName, namespace: environment.appNamespace, labels: labels() },
      spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector: mysqlSelectorLabels, ports: ports.slice(0, 1) },
    }),
  ];
}

/** The credentials MySQL needs, supplied by the environment's secret backend. */
export function mysqlSecretRequirements(environment: Environment): SecretRequirement[] {
  return [
    {
      unit: mysqlUnitName,
      name: mysqlCredentialsSecretName,
      namespace: environment.appNamespace,
      description: 'MySQL root, application-user, exporter and smoke-account passwords',
      keys: [
        { name: mysqlCredentialKeys.rootPassword, description: 'root password (socket login only)' },
        { name: mysqlCredentialKeys.userPassword, description: `password of the application user ${environment.mysql.user}` },
        { name: mysqlCredentialKeys.exporterPassword, description: 'password of the loopback-only exporter account' },
        { name: mysqlCredentialKeys.smokePassword, description: 'password of the smoke account (its scratch database only), for the in-cluster CRUD smoke test' },
      ],
    },
  ];
}
