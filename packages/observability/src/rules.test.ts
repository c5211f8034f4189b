import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { backupCronJobNames } from '@open4goods/kit';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { alertGroups, alertRunbookFile, labelSelector, renderPrometheusRules, runbookAnchor } from './rules/index.ts';

const repositoryRoot = new URL('../../../', import.meta.url);
const runbook = readFileSync(new URL(`docs/runbooks/${alertRunbookFile}`, repositoryRoot), 'utf8');
/** GitHub's anchors of the runbook's headings. */
const anchors = new Set([...runbook.matchAll(/^#{2,3} (.+)$/gm)].map((match) => match[1]!.trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));

const prod = loadEnvironment('prod');
const staging = loadEnvironment('staging');
const alertsOf = (environment = staging) => alertGroups(environment).flatMap((group) => group.alerts);
const exprOf = (name: string, environment = staging) => alertsOf(environment).filter((alert) => alert.alert === name).map((alert) => alert.expr);

describe('the platform alerts', () => {
  it('cover every kind the platform must alert on', () => {
    expect([...new Set(alertsOf().map((alert) => alert.alert))].sort()).toEqual([
      'BackupStale',
      'CertificateExpiringSoon',
      'CertificateNotReady',
      'IngressHigh5xxRatio',
      'LonghornVolumeDegraded',
      'LonghornVolumeFaulted',
      'MySQLDown',
      'MySQLSlowQueries',
      'MySQLTooManyConnections',
      'NodeDiskPressure',
      'NodeDown',
      'NodeFilesystemAlmostFull',
      'NodeNotReady',
      'PersistentVolumeClaimAlmostFull',
      'PersistentVolumeClaimLost',
      'PersistentVolumeClaimPending',
      'PersistentVolumeErrors',
      'PodCrashLooping',
      'PodNotReady',
      'RestoreTestStale',
      'XWikiDown',
    ]);
  });

  it.each(['prod', 'staging'] as const)('in %s: each has a severity, a summary, a description and a runbook link to its own section', (name) => {
    const environment = loadEnvironment(name);
    for (const rule of renderPrometheusRules(environment).flatMap((object) => (object.spec.groups ?? []).flatMap((group) => group.rules ?? []))) {
      expect(['critical', 'warning'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
      expect(rule.annotations?.runbook_url).toBe(`https://github.com/open4goods/gitops/blob/main/docs/runbooks/alerts.md#${rule.alert!.toLowerCase()}`);
      expect(anchors.has(runbookAnchor(rule.alert!)), `docs/runbooks/alerts.md has no section "${rule.alert}"`).toBe(true);
    }
  });

  it('are PrometheusRule objects in the stack namespace that pass the CRD model', () => {
    const rules = renderPrometheusRules(staging);
    expect(rules.map((rule) => rule.metadata?.name)).toEqual(['platform-nodes', 'platform-workloads', 'platform-storage', 'platform-certificates', 'platform-ingress', 'platform-mysql', 'platform-xwiki', 'platform-backups']);
    for (const rule of rules) {
      expect(rule.metadata?.namespace).toBe('observability');
      expect(() => rule.validate()).not.toThrow();
    }
  });

  it('pair a warning with a critical alert of the same name where both exist, so inhibition applies', () => {
    for (const name of ['NodeFilesystemAlmostFull', 'PersistentVolumeClaimAlmostFull', 'CertificateExpiringSoon', 'IngressHigh5xxRatio', 'MySQLTooManyConnections']) {
      expect(alertsOf().filter((alert) => alert.alert === name).map((alert) => alert.severity), name).toEqual(['warning', 'critical']);
    }
  });

  it('alert on certificates 14 days before they expire', () => {
    expect(exprOf('CertificateExpiringSoon')[0]).toBe('certmanager_certificate_expiration_timestamp_seconds - time() < 1209600');
  });
});

describe('thresholds from the environment', () => {
  it.each(['prod', 'staging'] as const)('in %s: the backup alert uses the RPO and the restore-test alert the restore-test frequency', (name) => {
    const environment = loadEnvironment(name);
    expect(environment.decisions.recoveryObjectives.value.rpo).toBe('24h');
    expect(exprOf('BackupStale', environment)[0]).toContain('> 86400');
    expect(exprOf('RestoreTestStale', environment)[0]).toContain('> 604800');
    expect(alertsOf(environment).find((alert) => alert.alert === 'BackupStale')!.summary).toContain('(24h)');
  });

  it('follow the decisions when they change', () => {
    const variant = defineEnvironment('staging', staging.sourceFile, {
      decisions: { recoveryObjectives: { status: 'locked', value: { rpo: '6h', rto: '4h' } }, restoreTestFrequency: { status: 'locked', value: '30d' } },
    }, staging);
    expect(exprOf('BackupStale', variant)[0]).toContain('> 21600');
    expect(exprOf('BackupStale', variant)[0]).not.toContain('86400');
    expect(exprOf('RestoreTestStale', variant)[0]).toContain('> 2592000');
  });

  it('select the backups component CronJobs by the names of the contract in kit', () => {
    expect(backupCronJobNames).toEqual({ mysqlDump: 'mysql-backup', xwikiExport: 'xwiki-export', restoreTest: 'mysql-restore-test' });
    expect(exprOf('BackupStale')[0]).toContain('cronjob=~"mysql-backup|xwiki-export"');
    expect(exprOf('RestoreTestStale')[0]).toContain('cronjob=~"mysql-restore-test"');
  });

  it('say in the degraded-volume alert how many nodes the cluster has', () => {
    expect(alertsOf().find((alert) => alert.alert === 'LonghornVolumeDegraded')!.description).toContain('The cluster has 1 node and Longhorn puts one replica per node');
  });
});

describe('applications that are deliberately not deployed', () => {
  it('do not make prod alert forever while its apps are suspended (open decisions): no absence clauses', () => {
    for (const name of ['MySQLDown', 'XWikiDown', 'BackupStale']) expect(exprOf(name, prod)[0], name).not.toContain('absent(');
  });

  it('are alerts where the apps are deployed (staging): a missing MySQL target, Deployment or backup CronJob fires', () => {
    expect(exprOf('MySQLDown')[0]).toContain('absent(up{namespace="open4goods-staging",job="mysql"})');
    expect(exprOf('XWikiDown')[0]).toContain('absent(kube_deployment_status_replicas_available{namespace="open4goods-staging",deployment="xwiki"})');
    expect(exprOf('BackupStale')[0]).toContain('absent(kube_cronjob_created{namespace="open4goods-staging",cronjob="xwiki-export"})');
  });
});

describe('labelSelector', () => {
  it('quotes and escapes values for PromQL', () => {
    expect(labelSelector({ a: 'x', b: { regex: '5..' }, c: 'say "hi"' })).toBe('{a="x",b=~"5..",c="say \\"hi\\""}');
  });
});
