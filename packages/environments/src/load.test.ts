import { describe, expect, it } from 'vitest';
import { locked, open } from './decision.ts';
import { defaultSettings } from './defaults.ts';
import {
  appNamespaceOf,
  defineEnvironment,
  deployedEnvironmentNames,
  isDeployedEnvironmentName,
  loadDefaults,
  loadDeployedEnvironments,
  loadEnvironment,
} from './load.ts';
import { openDecisionsOf } from './open-decisions.ts';
import { parseByteQuantity } from './units.ts';

describe('loadEnvironment("prod")', () => {
  const prod = loadEnvironment('prod');

  it('derives name, source file and application namespace', () => {
    expect(prod.name).toBe('prod');
    expect(prod.sourceFile).toBe('packages/environments/src/prod.ts');
    expect(prod.appNamespace).toBe('open4goods-prod');
  });

  it('requires images pinned by digest', () => {
    expect(prod.images.requireDigest).toBe(true);
  });

  it('suspends its apps while decisions are open, and some are', () => {
    expect(prod.flux.suspendAppsWhileDecisionsOpen).toBe(true);
    expect(openDecisionsOf(prod).length).toBeGreaterThan(0);
  });

  it('lists the open decisions in declaration order, with their question and proposal', () => {
    const decisions = openDecisionsOf(prod);
    expect(decisions.map((decision) => decision.name)).toEqual(['s3', 'fqdn', 'recoveryObjectives', 'restoreTestFrequency']);
    expect(decisions[1]).toEqual({ name: 'fqdn', question: 'Which host name serves the production wiki?', proposal: { xwiki: 'wiki.open4goods.org' } });
    expect(decisions[0]!.question).toBe('Which S3 provider, bucket and retention hold the production backups?');
    expect(decisions[0]!.proposal).toMatchObject({ prefix: 'open4goods/prod', bucket: 'open4goods-backups', retentionDays: 30 });
  });

  it('keeps the defaults for what prod does not override', () => {
    expect(prod.flux.interval).toBe('10m');
    expect(prod.flux.timeout).toBe('5m');
    expect(prod.cluster.nodeCount).toBe(1);
    expect(prod.acme.email).toBe('ops@open4goods.org');
    expect(prod.dns).toEqual({ provider: 'ovh', zone: 'open4goods.org', policy: 'sync', ovhEndpoint: 'ovh-eu' });
    expect(prod.mysql.maxConnections).toBe(151);
    expect(prod.mysql.database).toBe('xwiki');
    expect(prod.decisions.recoveryObjectives).toEqual(defaultSettings.decisions.recoveryObjectives);
  });

  it('takes prod values for what it overrides', () => {
    expect(prod.acme.server).toBe('letsencrypt-prod');
    expect(prod.secrets).toMatchObject({ kind: 'vault', clusterSecretStore: 'vault' });
    expect(prod.decisions.mysqlVersion).toEqual({ status: 'locked', value: '8.4' });
    expect(prod.mysql.resources).toEqual({ requests: { cpu: '500m', memory: '2Gi' }, limits: { memory: '3Gi' } });
    expect(prod.mysql.innodbBufferPoolSize).toBe('2Gi');
    expect(prod.xwiki).toEqual({ storageSize: '50Gi', resources: { requests: { cpu: '1', memory: '4Gi' }, limits: { memory: '4Gi' } } });
  });

  it('keeps the InnoDB buffer pool within 75% of the memory limit', () => {
    expect(parseByteQuantity(prod.mysql.innodbBufferPoolSize)!).toBeLessThanOrEqual(parseByteQuantity(prod.mysql.resources.limits.memory)! * 0.75);
  });
});

describe('loadEnvironment("staging")', () => {
  const staging = loadEnvironment('staging');

  it('derives name, source file and application namespace', () => {
    expect(staging.name).toBe('staging');
    expect(staging.sourceFile).toBe('packages/environments/src/staging.ts');
    expect(staging.appNamespace).toBe('open4goods-staging');
  });

  it('has every decision locked', () => {
    expect(openDecisionsOf(staging)).toEqual([]);
    for (const decision of Object.values(staging.decisions)) expect(decision.status).toBe('locked');
    expect(Object.keys(staging.decisions).sort()).toEqual(['fqdn', 'mysqlVersion', 'recoveryObjectives', 'restoreTestFrequency', 's3']);
  });

  it('does not require digests nor suspend its apps', () => {
    expect(staging.images.requireDigest).toBe(false);
    expect(staging.flux.suspendAppsWhileDecisionsOpen).toBe(false);
    expect(staging.acme.server).toBe('letsencrypt-staging');
  });

  it('takes staging values for what it overrides', () => {
    expect(staging.decisions.fqdn).toEqual({ status: 'locked', value: { xwiki: 'wiki.staging.open4goods.org' } });
    expect(staging.decisions.recoveryObjectives).toEqual({ status: 'locked', value: { rpo: '24h', rto: '8h' } });
    expect(staging.decisions.s3.value.retentionDays).toBe(14);
    expect(staging.decisions.s3.value.prefix).toBe('open4goods/staging');
    expect(staging.mysql.storageSize).toBe('20Gi');
    expect(staging.mysql.maxConnections).toBe(100);
    expect(staging.mysql.user).toBe('xwiki');
    expect(staging.xwiki).toEqual({ storageSize: '20Gi', resources: { requests: { cpu: '500m', memory: '3Gi' }, limits: { memory: '3Gi' } } });
    expect(staging.secrets).toMatchObject({ kind: 'vault', clusterSecretStore: 'vault' });
  });
});

describe('loadDefaults', () => {
  const defaults = loadDefaults();

  it('is the defaults file, validated, under the name "defaults"', () => {
    expect(defaults.name).toBe('defaults');
    expect(defaults.sourceFile).toBe('packages/environments/src/defaults.ts');
    expect(defaults.appNamespace).toBe('open4goods-defaults');
    expect(defaults.mysql).toEqual(defaultSettings.mysql);
    expect(defaults.xwiki).toEqual(defaultSettings.xwiki);
    expect(defaults.decisions).toEqual(defaultSettings.decisions);
  });

  it('does not require digests and leaves its proposals open', () => {
    expect(defaults.images.requireDigest).toBe(false);
    expect(defaults.flux.suspendAppsWhileDecisionsOpen).toBe(false);
    expect(openDecisionsOf(defaults).map((decision) => decision.name)).toEqual(['s3', 'fqdn', 'recoveryObjectives', 'restoreTestFrequency']);
  });
});

describe('loading environments', () => {
  it('refuses an unknown name and lists the valid ones', () => {
    expect(() => loadEnvironment('production')).toThrow('unknown environment "production": expected one of prod, staging');
    expect(() => loadEnvironment('production')).toThrow(/defined in packages\/environments\/src\//);
  });

  it.each(['', 'Prod', 'defaults', 'prod ', 'toString', '__proto__'])('refuses %j, which is not a deployed environment', (name) => {
    expect(() => loadEnvironment(name)).toThrow(`unknown environment "${name}": expected one of prod, staging`);
  });

  it('loads every deployed environment, in order', () => {
    expect(deployedEnvironmentNames).toEqual(['prod', 'staging']);
    expect(loadDeployedEnvironments().map((environment) => environment.name)).toEqual(['prod', 'staging']);
  });

  it('tells deployed environment names from others', () => {
    expect(isDeployedEnvironmentName('prod')).toBe(true);
    expect(isDeployedEnvironmentName('staging')).toBe(true);
    expect(isDeployedEnvironmentName('defaults')).toBe(false);
    expect(isDeployedEnvironmentName('production')).toBe(false);
  });

  it('names the application namespace after the environment', () => {
    expect(appNamespaceOf('prod')).toBe('open4goods-prod');
    expect(appNamespaceOf('bench-3')).toBe('open4goods-bench-3');
  });

  it('is deterministic and does not alter the defaults', () => {
    const snapshot = structuredClone(defaultSettings);
    expect(loadEnvironment('prod')).toEqual(loadEnvironment('prod'));
    loadEnvironment('staging');
    expect(defaultSettings).toEqual(snapshot);
    expect(loadDefaults().flux.suspendAppsWhileDecisionsOpen).toBe(false);
  });
});

describe('defineEnvironment', () => {
  it('builds a synthetic environment from overrides on the defaults', () => {
    const environment = defineEnvironment('bench-1', 'tools/bench/bench.mjs', { cluster: { nodeCount: 3 }, mysql: { maxConnections: 500 } });
    expect(environment.name).toBe('bench-1');
    expect(environment.sourceFile).toBe('tools/bench/bench.mjs');
    expect(environment.appNamespace).toBe('open4goods-bench-1');
    expect(environment.cluster.nodeCount).toBe(3);
    expect(environment.mysql.maxConnections).toBe(500);
    expect(environment.mysql.storageSize).toBe('50Gi');
  });

  it('builds on another base when given one', () => {
    const base = { ...defaultSettings, cluster: { nodeCount: 7 } };
    expect(defineEnvironment('custom', 'custom.ts', {}, base).cluster.nodeCount).toBe(7);
  });

  it('reports a synthetic environment whose decisions are open', () => {
    const environment = defineEnvironment('all-locked', 'x.ts', {
      decisions: {
        mysqlVersion: open('8.4', 'Which series?'),
        s3: locked(defaultSettings.decisions.s3.value),
        fqdn: locked({ xwiki: 'wiki.open4goods.org' }),
        recoveryObjectives: locked({ rpo: '1h', rto: '1h' }),
        restoreTestFrequency: locked('1d'),
      },
    });
    expect(openDecisionsOf(environment)).toEqual([{ name: 'mysqlVersion', question: 'Which series?', proposal: '8.4' }]);
  });
});
