import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { toolchainCommand } from '@open4goods/kit';
import { externalToolAvailable } from '@open4goods/kit/testing';
import { describe, expect, it } from 'vitest';
import { renderAlertmanagerConfiguration } from './alertmanager-config.ts';
import observability from './index.ts';
import { kubePrometheusStackValues } from './stack.ts';
import { runTool } from './testing/tool.ts';

const staging = loadEnvironment('staging');
const emailSettings = { kind: 'email', to: 'ops@open4goods.org', from: 'alerts@open4goods.org', smarthost: 'smtp.open4goods.org:587', username: 'alerts@open4goods.org' } as const;
const withEmail = defineEnvironment('staging', staging.sourceFile, { observability: { alertReceiver: emailSettings } }, staging);
const withoutHeartbeat = defineEnvironment('staging', staging.sourceFile, { observability: { heartbeat: { enabled: false, interval: '5m' } } }, staging);
const heartbeatReceiver = { name: 'heartbeat', webhook_configs: [{ url_file: '/etc/alertmanager/secrets/alertmanager-receiver/heartbeat-url', send_resolved: false }] };

const receiverSecret = (environment: Environment) => observability.secrets!(environment).find((secret) => secret.name === 'alertmanager-receiver')!;

describe('the Alertmanager receiver', () => {
  it.each(['prod', 'staging'] as const)('in %s posts to a webhook, and the Watchdog to the heartbeat service, whose URLs are files from the receiver Secret', (name) => {
    const environment = loadEnvironment(name);
    const configuration = renderAlertmanagerConfiguration(environment);
    expect(configuration.receivers).toEqual([
      { name: 'null' },
      { name: 'operators', webhook_configs: [{ url_file: '/etc/alertmanager/secrets/alertmanager-receiver/webhook-url', send_resolved: true }] },
      heartbeatReceiver,
    ]);
    expect(receiverSecret(environment)).toMatchObject({ unit: 'stack', namespace: 'observability', keys: [{ name: 'webhook-url' }, { name: 'heartbeat-url' }] });
    expect(kubePrometheusStackValues(environment).alertmanager.alertmanagerSpec.secrets).toEqual(['alertmanager-receiver']);
  });

  it('sends e-mail through the configured relay, with the SMTP password read from the Secret', () => {
    const configuration = renderAlertmanagerConfiguration(withEmail);
    expect(configuration.receivers[1]).toEqual({
      name: 'operators',
      email_configs: [
        {
          to: 'ops@open4goods.org',
          from: 'alerts@open4goods.org',
          smarthost: 'smtp.open4goods.org:587',
          auth_username: 'alerts@open4goods.org',
          auth_password_file: '/etc/alertmanager/secrets/alertmanager-receiver/smtp-password',
          require_tls: true,
          send_resolved: true,
        },
      ],
    });
    expect(receiverSecret(withEmail).keys.map((key) => key.name)).toEqual(['smtp-password', 'heartbeat-url']);
    expect(JSON.stringify(configuration)).not.toMatch(/auth_password"|"url"/);
  });
});

describe('Alertmanager routing and inhibition', () => {
  const configuration = renderAlertmanagerConfiguration(staging);

  it('sends every alert to the operators, repeats critical ones hourly, the Watchdog to the heartbeat at its pace, and discards InfoInhibitor and info', () => {
    expect(configuration.route.receiver).toBe('operators');
    expect(configuration.route.routes).toEqual([
      { receiver: 'heartbeat', matchers: ['alertname = "Watchdog"'], group_by: ['alertname'], group_wait: '0s', group_interval: '5m', repeat_interval: '5m' },
      { receiver: 'null', matchers: ['alertname = "InfoInhibitor"'] },
      { receiver: 'null', matchers: ['severity = "info"'] },
      { receiver: 'operators', matchers: ['severity = "critical"'], repeat_interval: '1h' },
    ]);
  });

  it('discards the Watchdog, and asks for no heartbeat URL, in an environment without a heartbeat', () => {
    expect(renderAlertmanagerConfiguration(withoutHeartbeat).route.routes![0]).toEqual({ receiver: 'null', matchers: ['alertname = "Watchdog"'] });
    expect(renderAlertmanagerConfiguration(withoutHeartbeat).receivers.map((receiver) => receiver.name)).toEqual(['null', 'operators']);
    expect(receiverSecret(withoutHeartbeat).keys.map((key) => key.name)).toEqual(['webhook-url']);
  });

  it('inhibits a warning by the critical alert of the same name about the same object', () => {
    const [criticalOverWarning] = configuration.inhibit_rules;
    expect(criticalOverWarning).toMatchObject({ source_matchers: ['severity = "critical"'], target_matchers: ['severity = "warning"'] });
    expect(criticalOverWarning!.equal).toEqual(expect.arrayContaining(['alertname', 'cluster', 'namespace', 'persistentvolumeclaim', 'mountpoint', 'volume', 'name']));
  });
});

// amtool of the Alertmanager release the chart deploys (toolchain/alertmanager).
const amtool = toolchainCommand('amtool');

describe.runIf(externalToolAvailable(amtool, ['--version'], "amtool's checks of the Alertmanager configuration"))('amtool on the rendered configuration', () => {
  const files = { 'alertmanager.yaml': renderAlertmanagerConfiguration(staging), 'email.yaml': renderAlertmanagerConfiguration(withEmail), 'quiet.yaml': renderAlertmanagerConfiguration(withoutHeartbeat) };

  it.each(['alertmanager.yaml', 'email.yaml', 'quiet.yaml'])('accepts %s (webhook, e-mail, no heartbeat)', (file) => {
    const result = runTool(amtool, files, ['check-config', file]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toContain('2 inhibit rules');
  });

  it.each([
    [['alertname=MySQLDown', 'severity=critical'], 'operators'],
    [['alertname=PodNotReady', 'severity=warning'], 'operators'],
    // Flux's own events (flux-alerts.ts): Flux names them and sets severity=error.
    [['alertname=FluxKustomizationHealthCheckFailed', 'severity=error', 'namespace=flux-system'], 'operators'],
    [['alertname=Watchdog', 'severity=none'], 'heartbeat'],
    [['alertname=CPUThrottlingHigh', 'severity=info'], 'null'],
  ])('routes %j to %s', (labels, receiver) => {
    const result = runTool(amtool, files, ['config', 'routes', 'test', '--config.file=alertmanager.yaml', ...labels]);
    expect(result.status, result.output).toBe(0);
    expect(result.stdout.trim()).toBe(receiver);
  });

  it('routes the Watchdog nowhere without a heartbeat', () => {
    const result = runTool(amtool, files, ['config', 'routes', 'test', '--config.file=quiet.yaml', 'alertname=Watchdog', 'severity=none']);
    expect(result.stdout.trim(), result.output).toBe('null');
  });
});
