import { type Environment, appsSuspendedIn, parseDurationSeconds } from '@open4goods/environments';
import { backupCronJobNames } from '@open4goods/kit';
import { xwikiName } from '@open4goods/xwiki';
import { mysqlScrapeJob } from '../monitors.ts';
import type { Severity } from '../rules/alert-rule.ts';

/** An input series of a promtool unit test, in promtool's expanding notation (`0+1x10`). */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** One situation and the alerts of one name it must (or must not) fire. */
export interface AlertScenario {
  readonly alert: string;
  readonly description: string;
  /** Spacing of the input samples: at most 5m, Prometheus' lookback, or the series vanish between samples. */
  readonly interval: string;
  /**
   * How often promtool evaluates the rules (default 1m). Scenarios that span days are evaluated
   * hourly: promtool evaluates every rule at every step, and a week at one step a minute is slow.
   */
  readonly evaluationInterval?: string;
  readonly series: readonly InputSeries[];
  readonly evalTime: string;
  /** The alerts firing at `evalTime`; empty: the alert stays silent. */
  readonly expected: readonly { readonly severity: Severity; readonly labels: Readonly<Record<string, string>> }[];
}

const labels = (pairs: Readonly<Record<string, string>>) =>
  `{${Object.entries(pairs)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(',')}}`;
const series = (metric: string, pairs: Readonly<Record<string, string>>, values: string): InputSeries => ({ series: `${metric}${labels(pairs)}`, values });

/**
 * Failing and healthy series for every alert of the platform, turned into `promtool test rules`
 * cases at test time against the rules rendered for each environment.
 */
export function alertScenarios(environment: Environment): AlertScenario[] {
  const namespace = environment.appNamespace;
  const deployed = !appsSuspendedIn(environment);
  const node = { node: 'node-1' };
  const filesystem = { job: 'node-exporter', instance: '10.0.0.1:9100', device: '/dev/sda1', fstype: 'ext4', mountpoint: '/' };
  const filesystemSeries = (available: number) => [
    series('node_filesystem_avail_bytes', filesystem, `${available}x40`),
    series('node_filesystem_size_bytes', filesystem, '100x40'),
    series('node_filesystem_readonly', filesystem, '0x40'),
  ];
  const pod = { namespace, pod: 'xwiki-0' };
  const claim = { namespace, persistentvolumeclaim: 'data-mysql-0' };
  const claimSeries = (available: number) => [series('kubelet_volume_stats_available_bytes', claim, `${available}x30`), series('kubelet_volume_stats_capacity_bytes', claim, '100x30')];
  const volume = { volume: 'pvc-1', pvc: 'data-mysql-0', pvc_namespace: namespace };
  const robustness = (state: string, value: number) => series('longhorn_volume_robustness', { ...volume, node: 'node-1', state }, `${value}x40`);
  const certificate = { namespace, name: 'xwiki-tls' };
  const twoHours = 7200;
  const expiresIn = (days: number) => [series('certmanager_certificate_expiration_timestamp_seconds', certificate, `${twoHours + days * 86_400}x150`)];
  const ingress = { resource_namespace: namespace, resource_name: xwikiName };
  const responses = (code: string, perMinute: number) => series('nginx_ingress_controller_upstream_server_response_latency_ms_count', { ...ingress, code }, `0+${perMinute}x30`);
  const mysql = { namespace, job: mysqlScrapeJob, instance: '10.1.0.5:9104' };
  const mysqlTarget = { namespace, job: mysqlScrapeJob };
  const connections = (connected: number) => [series('mysql_global_status_threads_connected', mysql, `${connected}x30`), series('mysql_global_variables_max_connections', mysql, '100x30')];
  const deployment = { namespace, deployment: xwikiName };

  const rpo = parseDurationSeconds(environment.decisions.recoveryObjectives.value.rpo)!;
  const restoreTest = parseDurationSeconds(environment.decisions.restoreTestFrequency.value)!;
  const cronJob = (name: string) => ({ namespace, cronjob: name });
  /** A CronJob created at 0 whose last success was `ageSeconds` before `evalSeconds` (or never). */
  const cronJobSeries = (name: string, steps: number, evalSeconds: number, ageSeconds: number | 'never') => [
    series('kube_cronjob_created', cronJob(name), `0x${steps}`),
    ...(ageSeconds === 'never' ? [] : [series('kube_cronjob_status_last_successful_time', cronJob(name), `${evalSeconds - ageSeconds}x${steps}`)]),
  ];
  // Whole hours, on the hourly evaluation grid, two evaluations past the threshold (the rules wait 10m).
  const backupEval = Math.ceil((rpo + 7200) / 3600) * 3600;
  const restoreEval = Math.ceil((restoreTest + 7200) / 3600) * 3600;
  const fiveMinuteSteps = (evalSeconds: number) => Math.ceil(evalSeconds / 300) + 2;
  const backupSteps = fiveMinuteSteps(backupEval);
  const restoreSteps = fiveMinuteSteps(restoreEval);
  const seconds = (value: number) => `${value}s`;
  const daily = { interval: '5m', evaluationInterval: '1h' } as const;

  return [
    { alert: 'NodeNotReady', description: 'Ready=false for 6 minutes', interval: '1m', series: [series('kube_node_status_condition', { ...node, condition: 'Ready', status: 'true' }, '0x10')], evalTime: '6m', expected: [{ severity: 'critical', labels: { ...node, condition: 'Ready', status: 'true' } }] },
    { alert: 'NodeNotReady', description: 'a Ready node', interval: '1m', series: [series('kube_node_status_condition', { ...node, condition: 'Ready', status: 'true' }, '1x10')], evalTime: '6m', expected: [] },
    { alert: 'NodeDown', description: 'node-exporter unreachable', interval: '1m', series: [series('up', { job: 'node-exporter', instance: '10.0.0.1:9100' }, '0x10')], evalTime: '6m', expected: [{ severity: 'critical', labels: { job: 'node-exporter', instance: '10.0.0.1:9100' } }] },
    { alert: 'NodeDown', description: 'node-exporter answering', interval: '1m', series: [series('up', { job: 'node-exporter', instance: '10.0.0.1:9100' }, '1x10')], evalTime: '6m', expected: [] },
    { alert: 'NodeDiskPressure', description: 'DiskPressure=true', interval: '1m', series: [series('kube_node_status_condition', { ...node, condition: 'DiskPressure', status: 'true' }, '1x10')], evalTime: '6m', expected: [{ severity: 'critical', labels: { ...node, condition: 'DiskPressure', status: 'true' } }] },
    { alert: 'NodeDiskPressure', description: 'no disk pressure', interval: '1m', series: [series('kube_node_status_condition', { ...node, condition: 'DiskPressure', status: 'true' }, '0x10')], evalTime: '6m', expected: [] },
    { alert: 'NodeFilesystemAlmostFull', description: '10% free', interval: '1m', series: filesystemSeries(10), evalTime: '35m', expected: [{ severity: 'warning', labels: filesystem }] },
    { alert: 'NodeFilesystemAlmostFull', description: '2% free', interval: '1m', series: filesystemSeries(2), evalTime: '35m', expected: [{ severity: 'warning', labels: filesystem }, { severity: 'critical', labels: filesystem }] },
    { alert: 'NodeFilesystemAlmostFull', description: '50% free', interval: '1m', series: filesystemSeries(50), evalTime: '35m', expected: [] },
    {
      alert: 'PodCrashLooping',
      description: 'CrashLoopBackOff for 20 minutes',
      interval: '1m',
      series: [series('kube_pod_container_status_waiting_reason', { ...pod, container: 'xwiki', reason: 'CrashLoopBackOff' }, '1x30')],
      evalTime: '25m',
      expected: [{ severity: 'warning', labels: { ...pod, container: 'xwiki', reason: 'CrashLoopBackOff' } }],
    },
    { alert: 'PodCrashLooping', description: 'not waiting', interval: '1m', series: [series('kube_pod_container_status_waiting_reason', { ...pod, container: 'xwiki', reason: 'CrashLoopBackOff' }, '0x30')], evalTime: '25m', expected: [] },
    {
      alert: 'PodNotReady',
      description: 'Running but not ready for 20 minutes',
      interval: '1m',
      series: [series('kube_pod_status_phase', { ...pod, phase: 'Running' }, '1x30'), series('kube_pod_status_ready', { ...pod, condition: 'true' }, '0x30')],
      evalTime: '20m',
      expected: [{ severity: 'warning', labels: pod }],
    },
    { alert: 'PodNotReady', description: 'running and ready', interval: '1m', series: [series('kube_pod_status_phase', { ...pod, phase: 'Running' }, '1x30'), series('kube_pod_status_ready', { ...pod, condition: 'true' }, '1x30')], evalTime: '20m', expected: [] },
    {
      alert: 'PodNotReady',
      description: 'a finished Job pod (Succeeded, never ready again)',
      interval: '1m',
      series: [series('kube_pod_status_phase', { ...pod, phase: 'Succeeded' }, '1x30'), series('kube_pod_status_phase', { ...pod, phase: 'Running' }, '0x30'), series('kube_pod_status_ready', { ...pod, condition: 'true' }, '0x30')],
      evalTime: '20m',
      expected: [],
    },
    { alert: 'PersistentVolumeClaimAlmostFull', description: '10% free', interval: '1m', series: claimSeries(10), evalTime: '20m', expected: [{ severity: 'warning', labels: claim }] },
    { alert: 'PersistentVolumeClaimAlmostFull', description: '3% free', interval: '1m', series: claimSeries(3), evalTime: '20m', expected: [{ severity: 'warning', labels: claim }, { severity: 'critical', labels: claim }] },
    { alert: 'PersistentVolumeClaimAlmostFull', description: '40% free', interval: '1m', series: claimSeries(40), evalTime: '20m', expected: [] },
    { alert: 'PersistentVolumeClaimPending', description: 'Pending for 20 minutes', interval: '1m', series: [series('kube_persistentvolumeclaim_status_phase', { ...claim, phase: 'Pending' }, '1x30')], evalTime: '20m', expected: [{ severity: 'warning', labels: { ...claim, phase: 'Pending' } }] },
    { alert: 'PersistentVolumeClaimPending', description: 'bound', interval: '1m', series: [series('kube_persistentvolumeclaim_status_phase', { ...claim, phase: 'Pending' }, '0x30')], evalTime: '20m', expected: [] },
    { alert: 'PersistentVolumeClaimLost', description: 'Lost', interval: '1m', series: [series('kube_persistentvolumeclaim_status_phase', { ...claim, phase: 'Lost' }, '1x10')], evalTime: '5m', expected: [{ severity: 'critical', labels: { ...claim, phase: 'Lost' } }] },
    { alert: 'PersistentVolumeClaimLost', description: 'not lost', interval: '1m', series: [series('kube_persistentvolumeclaim_status_phase', { ...claim, phase: 'Lost' }, '0x10')], evalTime: '5m', expected: [] },
    { alert: 'PersistentVolumeErrors', description: 'a Failed volume', interval: '1m', series: [series('kube_persistentvolume_status_phase', { persistentvolume: 'pv-1', phase: 'Failed' }, '1x10')], evalTime: '8m', expected: [{ severity: 'critical', labels: { persistentvolume: 'pv-1', phase: 'Failed' } }] },
    { alert: 'PersistentVolumeErrors', description: 'a Bound volume', interval: '1m', series: [series('kube_persistentvolume_status_phase', { persistentvolume: 'pv-1', phase: 'Failed' }, '0x10')], evalTime: '8m', expected: [] },
    { alert: 'LonghornVolumeDegraded', description: 'degraded for 35 minutes', interval: '1m', series: [robustness('degraded', 1), robustness('healthy', 0)], evalTime: '35m', expected: [{ severity: 'warning', labels: volume }] },
    { alert: 'LonghornVolumeDegraded', description: 'a rebuild of 20 minutes stays silent', interval: '1m', series: [robustness('degraded', 1), robustness('healthy', 0)], evalTime: '20m', expected: [] },
    { alert: 'LonghornVolumeDegraded', description: 'healthy', interval: '1m', series: [robustness('degraded', 0), robustness('healthy', 1)], evalTime: '35m', expected: [] },
    { alert: 'LonghornVolumeFaulted', description: 'faulted', interval: '1m', series: [robustness('faulted', 1), robustness('healthy', 0)], evalTime: '5m', expected: [{ severity: 'critical', labels: volume }] },
    { alert: 'LonghornVolumeFaulted', description: 'healthy', interval: '1m', series: [robustness('faulted', 0), robustness('healthy', 1)], evalTime: '5m', expected: [] },
    { alert: 'CertificateExpiringSoon', description: '10 days left', interval: '1m', series: expiresIn(10), evalTime: '2h', expected: [{ severity: 'warning', labels: certificate }] },
    { alert: 'CertificateExpiringSoon', description: '2 days left', interval: '1m', series: expiresIn(2), evalTime: '2h', expected: [{ severity: 'warning', labels: certificate }, { severity: 'critical', labels: certificate }] },
    { alert: 'CertificateExpiringSoon', description: '60 days left', interval: '1m', series: expiresIn(60), evalTime: '2h', expected: [] },
    {
      alert: 'CertificateNotReady',
      description: 'Ready=False',
      interval: '1m',
      series: [series('certmanager_certificate_ready_status', { ...certificate, condition: 'False' }, '1x30'), series('certmanager_certificate_ready_status', { ...certificate, condition: 'True' }, '0x30')],
      evalTime: '20m',
      expected: [{ severity: 'warning', labels: certificate }],
    },
    {
      alert: 'CertificateNotReady',
      description: 'Ready=True',
      interval: '1m',
      series: [series('certmanager_certificate_ready_status', { ...certificate, condition: 'False' }, '0x30'), series('certmanager_certificate_ready_status', { ...certificate, condition: 'True' }, '1x30')],
      evalTime: '20m',
      expected: [],
    },
    { alert: 'IngressHigh5xxRatio', description: '9% of responses are 5xx', interval: '1m', series: [responses('200', 60), responses('500', 6)], evalTime: '20m', expected: [{ severity: 'warning', labels: ingress }] },
    { alert: 'IngressHigh5xxRatio', description: 'half of the responses are 5xx', interval: '1m', series: [responses('200', 60), responses('502', 60)], evalTime: '20m', expected: [{ severity: 'warning', labels: ingress }, { severity: 'critical', labels: ingress }] },
    { alert: 'IngressHigh5xxRatio', description: '1.6% of responses are 5xx', interval: '1m', series: [responses('200', 60), responses('500', 1)], evalTime: '20m', expected: [] },
    { alert: 'IngressHigh5xxRatio', description: 'one error in two requests a minute is too little traffic to judge', interval: '1m', series: [responses('200', 1), responses('500', 1)], evalTime: '20m', expected: [] },
    { alert: 'MySQLDown', description: 'the exporter cannot reach MySQL', interval: '1m', series: [series('mysql_up', mysql, '0x10'), series('up', mysql, '1x10')], evalTime: '5m', expected: [{ severity: 'critical', labels: mysql }] },
    { alert: 'MySQLDown', description: 'MySQL answering', interval: '1m', series: [series('mysql_up', mysql, '1x10'), series('up', mysql, '1x10')], evalTime: '5m', expected: [] },
    {
      alert: 'MySQLDown',
      description: deployed ? 'no MySQL target at all (apps deployed: an alert)' : 'no MySQL target at all (apps suspended: expected, silent)',
      interval: '1m',
      series: [series('up', { job: 'node-exporter', instance: '10.0.0.1:9100' }, '1x10')],
      evalTime: '5m',
      expected: deployed ? [{ severity: 'critical', labels: mysqlTarget }] : [],
    },
    { alert: 'MySQLTooManyConnections', description: '90 of 100 connections', interval: '1m', series: connections(90), evalTime: '20m', expected: [{ severity: 'warning', labels: mysql }] },
    { alert: 'MySQLTooManyConnections', description: '97 of 100 connections', interval: '1m', series: connections(97), evalTime: '20m', expected: [{ severity: 'warning', labels: mysql }, { severity: 'critical', labels: mysql }] },
    { alert: 'MySQLTooManyConnections', description: '40 of 100 connections', interval: '1m', series: connections(40), evalTime: '20m', expected: [] },
    { alert: 'MySQLSlowQueries', description: '3 slow queries a minute', interval: '1m', series: [series('mysql_global_status_slow_queries', mysql, '0+3x40')], evalTime: '30m', expected: [{ severity: 'warning', labels: mysql }] },
    { alert: 'MySQLSlowQueries', description: 'one slow query every 5 minutes', interval: '1m', series: [series('mysql_global_status_slow_queries', mysql, '0+0.2x40')], evalTime: '30m', expected: [] },
    { alert: 'XWikiDown', description: 'no available replica', interval: '1m', series: [series('kube_deployment_status_replicas_available', deployment, '0x10')], evalTime: '8m', expected: [{ severity: 'critical', labels: deployment }] },
    { alert: 'XWikiDown', description: 'one available replica', interval: '1m', series: [series('kube_deployment_status_replicas_available', deployment, '1x10')], evalTime: '8m', expected: [] },
    {
      alert: 'XWikiDown',
      description: deployed ? 'no Deployment (apps deployed: an alert)' : 'no Deployment (apps suspended: silent)',
      interval: '1m',
      series: [series('up', { job: 'node-exporter', instance: '10.0.0.1:9100' }, '1x10')],
      evalTime: '8m',
      expected: deployed ? [{ severity: 'critical', labels: deployment }] : [],
    },
    {
      alert: 'BackupStale',
      description: `the last dump is 2 hours or more older than the RPO (${environment.decisions.recoveryObjectives.value.rpo})`,
      ...daily,
      series: [...cronJobSeries(backupCronJobNames.mysqlDump, backupSteps, backupEval, backupEval), ...cronJobSeries(backupCronJobNames.xwikiExport, backupSteps, backupEval, 3600)],
      evalTime: seconds(backupEval),
      expected: [{ severity: 'critical', labels: cronJob(backupCronJobNames.mysqlDump) }],
    },
    {
      alert: 'BackupStale',
      description: 'the dump never succeeded although the CronJob is older than the RPO',
      ...daily,
      series: [...cronJobSeries(backupCronJobNames.mysqlDump, backupSteps, backupEval, 'never'), ...cronJobSeries(backupCronJobNames.xwikiExport, backupSteps, backupEval, 3600)],
      evalTime: seconds(backupEval),
      expected: [{ severity: 'critical', labels: cronJob(backupCronJobNames.mysqlDump) }],
    },
    {
      alert: 'BackupStale',
      description: 'both backups succeeded an hour ago',
      ...daily,
      series: [...cronJobSeries(backupCronJobNames.mysqlDump, backupSteps, backupEval, 3600), ...cronJobSeries(backupCronJobNames.xwikiExport, backupSteps, backupEval, 3600)],
      evalTime: seconds(backupEval),
      expected: [],
    },
    {
      alert: 'BackupStale',
      description: deployed ? 'the XWiki export CronJob does not exist (apps deployed: an alert)' : 'the XWiki export CronJob does not exist (apps suspended: silent)',
      ...daily,
      series: cronJobSeries(backupCronJobNames.mysqlDump, backupSteps, backupEval, 3600),
      evalTime: seconds(backupEval),
      expected: deployed ? [{ severity: 'critical', labels: cronJob(backupCronJobNames.xwikiExport) }] : [],
    },
    {
      alert: 'RestoreTestStale',
      description: `the last restore test is 2 hours or more older than the restore-test frequency (${environment.decisions.restoreTestFrequency.value})`,
      ...daily,
      series: cronJobSeries(backupCronJobNames.restoreTest, restoreSteps, restoreEval, restoreEval),
      evalTime: seconds(restoreEval),
      expected: [{ severity: 'warning', labels: cronJob(backupCronJobNames.restoreTest) }],
    },
    {
      alert: 'RestoreTestStale',
      description: 'the restore test succeeded a day ago',
      ...daily,
      series: cronJobSeries(backupCronJobNames.restoreTest, restoreSteps, restoreEval, 86_400),
      evalTime: seconds(restoreEval),
      expected: [],
    },
  ];
}
