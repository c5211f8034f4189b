import type { AlertReceiverSettings, Environment, ObservabilitySettings } from '@open4goods/environments';
import { alertmanagerReceiverSecretKeys, alertmanagerReceiverSecretName, alertmanagerSecretsDirectory } from './names.ts';

/** The part of Alertmanager's configuration file this repository writes (prometheus.io/docs/alerting/configuration). */
export interface AlertmanagerRoute {
  readonly receiver?: string;
  readonly matchers?: readonly string[];
  readonly group_by?: readonly string[];
  readonly group_wait?: string;
  readonly group_interval?: string;
  readonly repeat_interval?: string;
  readonly continue?: boolean;
  readonly routes?: readonly AlertmanagerRoute[];
}

export interface EmailReceiverConfig {
  readonly to: string;
  readonly from: string;
  readonly smarthost: string;
  readonly auth_username: string;
  readonly auth_password_file: string;
  readonly require_tls: boolean;
  readonly send_resolved: boolean;
}

export interface WebhookReceiverConfig {
  readonly url_file: string;
  readonly send_resolved: boolean;
}

export interface AlertmanagerReceiver {
  readonly name: string;
  readonly email_configs?: readonly EmailReceiverConfig[];
  readonly webhook_configs?: readonly WebhookReceiverConfig[];
}

export interface InhibitRule {
  readonly source_matchers: readonly string[];
  readonly target_matchers: readonly string[];
  readonly equal: readonly string[];
}

export interface AlertmanagerConfiguration {
  readonly global: { readonly resolve_timeout: string };
  readonly route: AlertmanagerRoute;
  readonly receivers: readonly AlertmanagerReceiver[];
  readonly inhibit_rules: readonly InhibitRule[];
  readonly templates: readonly string[];
}

/** The receiver every alert of the platform goes to. */
export const operatorsReceiverName = 'operators';
/** Alerts nobody should be paged for: InfoInhibitor, info severity (and Watchdog without a heartbeat). */
export const discardReceiverName = 'null';
/** The outside dead man's switch the always-firing Watchdog is posted to. */
export const heartbeatReceiverName = 'heartbeat';

/**
 * Labels that identify what an alert is about. A critical alert silences the warning of the same
 * name about the same object only: Alertmanager treats a label both alerts lack as equal, so one
 * list serves node, volume, claim, certificate and pod alerts alike.
 */
export const inhibitionEqualLabels = [
  'alertname',
  'cluster',
  'namespace',
  'node',
  'instance',
  'mountpoint',
  'persistentvolumeclaim',
  'volume',
  'name',
  'pod',
  'resource_namespace',
  'resource_name',
] as const;

/** The mounted file holding one key of the receiver Secret (the operator mounts `alertmanagerSpec.secrets`). */
export function receiverSecretFile(key: string): string {
  return `${alertmanagerSecretsDirectory}/${alertmanagerReceiverSecretName}/${key}`;
}

function operatorsReceiver(settings: AlertReceiverSettings): AlertmanagerReceiver {
  switch (settings.kind) {
    case 'email':
      return {
        name: operatorsReceiverName,
        email_configs: [
          {
            to: settings.to,
            from: settings.from,
            smarthost: settings.smarthost,
            auth_username: settings.username,
            auth_password_file: receiverSecretFile(alertmanagerReceiverSecretKeys.smtpPassword),
            require_tls: true,
            send_resolved: true,
          },
        ],
      };
    case 'webhook':
      return { name: operatorsReceiverName, webhook_configs: [{ url_file: receiverSecretFile(alertmanagerReceiverSecretKeys.webhookUrl), send_resolved: true }] };
  }
}

/**
 * Watchdog always fires: posted to the heartbeat service at the heartbeat's pace (sent at once,
 * then repeated), never resolved; discarded when the environment has no heartbeat.
 */
function watchdogRoute(heartbeat: ObservabilitySettings['heartbeat']): AlertmanagerRoute {
  const matchers = ['alertname = "Watchdog"'];
  if (!heartbeat.enabled) return { receiver: discardReceiverName, matchers };
  return { receiver: heartbeatReceiverName, matchers, group_by: ['alertname'], group_wait: '0s', group_interval: heartbeat.interval, repeat_interval: heartbeat.interval };
}

/**
 * Routing: everything to the operators, critical alerts repeated every hour, warnings twice a day;
 * Watchdog (the always-firing heartbeat) to the dead man's switch; InfoInhibitor and info alerts
 * are discarded. A critical alert inhibits the warning of the same name about the same object.
 */
export function renderAlertmanagerConfiguration(environment: Environment): AlertmanagerConfiguration {
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: operatorsReceiverName,
      group_by: ['cluster', 'namespace', 'alertname'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '12h',
      routes: [
        watchdogRoute(environment.observability.heartbeat),
        { receiver: discardReceiverName, matchers: ['alertname = "InfoInhibitor"'] },
        { receiver: discardReceiverName, matchers: ['severity = "info"'] },
        { receiver: operatorsReceiverName, matchers: ['severity = "critical"'], repeat_interval: '1h' },
      ],
    },
    receivers: [
      { name: discardReceiverName },
      operatorsReceiver(environment.observability.alertReceiver),
      ...(environment.observability.heartbeat.enabled
        ? [{ name: heartbeatReceiverName, webhook_configs: [{ url_file: receiverSecretFile(alertmanagerReceiverSecretKeys.heartbeatUrl), send_resolved: false }] }]
        : []),
    ],
    inhibit_rules: [
      { source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'], equal: [...inhibitionEqualLabels] },
      { source_matchers: ['severity = "warning"'], target_matchers: ['severity = "info"'], equal: [...inhibitionEqualLabels] },
    ],
    templates: ['/etc/alertmanager/config/*.tmpl'],
  };
}

/** The keys the receiver Secret must hold for the environment's receiver kind and heartbeat. */
export function receiverSecretKeys(settings: Pick<ObservabilitySettings, 'alertReceiver' | 'heartbeat'>): { readonly name: string; readonly description: string }[] {
  const receiver = settings.alertReceiver;
  const heartbeat = settings.heartbeat.enabled
    ? [{ name: alertmanagerReceiverSecretKeys.heartbeatUrl, description: `the heartbeat (dead man's switch) URL the Watchdog alert is POSTed to every ${settings.heartbeat.interval}` }]
    : [];
  switch (receiver.kind) {
    case 'email':
      return [{ name: alertmanagerReceiverSecretKeys.smtpPassword, description: `password of the SMTP user ${receiver.username} on ${receiver.smarthost}` }, ...heartbeat];
    case 'webhook':
      return [{ name: alertmanagerReceiverSecretKeys.webhookUrl, description: 'the webhook URL alerts are POSTed to (it usually carries a token)' }, ...heartbeat];
  }
}
