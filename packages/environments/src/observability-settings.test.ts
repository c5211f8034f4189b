import { describe, expect, it } from 'vitest';
import { defineEnvironment, loadEnvironment } from './load.ts';
import { appsSuspendedIn } from './open-decisions.ts';
import { fixtureFile, problemsOf } from './testing.ts';

describe('observability settings of the deployed environments', () => {
  it('keep 15 days of metrics on 20Gi and send alerts to a webhook whose URL is a secret', () => {
    for (const name of ['prod', 'staging']) {
      const { observability } = loadEnvironment(name);
      expect(observability.prometheus).toMatchObject({ retention: '15d', storageSize: '20Gi' });
      expect(observability.alertReceiver).toEqual({ kind: 'webhook' });
    }
  });

  it('turn logs on in staging only', () => {
    expect(loadEnvironment('prod').observability.logs.enabled).toBe(false);
    expect(loadEnvironment('staging').observability.logs.enabled).toBe(true);
  });

  it('accept an e-mail receiver', () => {
    const receiver = { kind: 'email', to: 'ops@open4goods.org', from: 'alerts@open4goods.org', smarthost: 'smtp.open4goods.org:587', username: 'alerts' };
    expect(defineEnvironment('fixture', fixtureFile, { observability: { alertReceiver: receiver } }).observability.alertReceiver).toEqual(receiver);
  });
});

describe('observability settings validation', () => {
  it.each(['15 days', '0d', 15])('refuses the retention %j', (retention) => {
    expect(problemsOf({ observability: { prometheus: { retention } } })).toEqual([{ field: 'observability.prometheus.retention', expected: 'a duration such as "30m", "1h" or "7d"', actual: retention }]);
  });

  it('refuses a Prometheus memory request above its limit', () => {
    expect(problemsOf({ observability: { prometheus: { resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '2Gi' } } } } }).map((problem) => problem.field)).toEqual(['observability.prometheus.resources.requests.memory']);
  });

  it.each([['logs', 'yes'], ['logs', 1]])('refuses %s.enabled %j', (_section, enabled) => {
    expect(problemsOf({ observability: { logs: { enabled } } })).toEqual([{ field: 'observability.logs.enabled', expected: 'true or false', actual: enabled }]);
  });

  it('refuses an unknown receiver kind', () => {
    expect(problemsOf({ observability: { alertReceiver: { kind: 'slack' } } })).toEqual([{ field: 'observability.alertReceiver.kind', expected: '"email" or "webhook"', actual: 'slack' }]);
  });

  it('refuses an e-mail receiver without a port on the relay, a bad address or a user name', () => {
    const problems = problemsOf({ observability: { alertReceiver: { kind: 'email', to: 'ops', from: 'alerts@open4goods.org', smarthost: 'smtp.open4goods.org', username: ' ' } } });
    expect(problems.map((problem) => problem.field)).toEqual(['observability.alertReceiver.to', 'observability.alertReceiver.smarthost', 'observability.alertReceiver.username']);
    expect(problems[1]!.expected).toBe('a host name and port such as "smtp.example.org:587"');
  });

  it.each(['http://git.example.org/docs/runbooks', 'https://git.example.org/docs/runbooks/', 'https://git.example.org'])('refuses the runbook address %j', (runbookBaseUrl) => {
    expect(problemsOf({ observability: { runbookBaseUrl } }).map((problem) => problem.field)).toEqual(['observability.runbookBaseUrl']);
  });
});

describe('appsSuspendedIn', () => {
  it('is true in prod (open decisions, suspension asked) and false in staging', () => {
    expect(appsSuspendedIn(loadEnvironment('prod'))).toBe(true);
    expect(appsSuspendedIn(loadEnvironment('staging'))).toBe(false);
  });
});
