import type { Environment } from '@open4goods/environments';
import { fluxNamespace } from '@open4goods/kit';
import { mysqlCredentialsSecretName, mysqlName } from '@open4goods/mysql';
import { xwikiName } from '@open4goods/xwiki';
import { backupS3CredentialsSecretName, mysqlBackupCronJobName, mysqlRestoreJobName } from '../names.ts';
import { scriptFiles, scriptsDirectory } from '../scripts.ts';
import { xwikiDocumentTable } from '../restore-test.ts';
import { factsOf, fluxKustomizations } from './facts.ts';
import { code, commented, document, heading, list, paragraph, shell, steps, table } from './markdown.ts';

export const restoreMysqlRunbookPath = 'docs/runbooks/restore-mysql.md';

/** Restore the XWiki database of an environment from one of its dumps in S3. */
export function restoreMysqlRunbook(environments: readonly Environment[]): string {
  const facts = environments.map(factsOf);
  return document(
    heading(1, 'Restore MySQL from a dump'),
    paragraph(
      `The ${code(mysqlBackupCronJobName)} CronJob dumps the XWiki database with ${code('mysqldump --single-transaction --routines --triggers --events')},`,
      'compresses it, uploads it with server-side encryption and keeps it for the retention period.',
      'Each dump has a `.sha256` object beside it, written last: a dump without it is incomplete and is never restored.',
      'A dump holds the database only: attachments stored on the filesystem live on the XWiki volume',
      '(restore-longhorn-volume.md) and in the XAR exports (restore-xwiki.md).',
    ),
    table(
      ['environment', 'namespace', 'dumps', 'schedule (from the RPO)', 'RPO / RTO', 'retention', 'encryption'],
      facts.map((fact) => {
        const { rpo, rto } = fact.environment.decisions.recoveryObjectives.value;
        return [
          fact.environment.name,
          code(fact.namespace),
          code(fact.location('mysql')),
          `${fact.dumpSchedule.description} (${code(fact.dumpSchedule.cron)})`,
          `${rpo} / ${rto}, ${fact.status('recoveryObjectives')}`,
          `${fact.environment.decisions.s3.value.retentionDays} days`,
          fact.encryption,
        ];
      }),
    ),
    heading(2, 'Before you start'),
    list([
      `Rights: ${code('kubectl')} on the cluster (create Jobs, scale, read logs in the namespace) and ${code('flux')} to suspend Kustomizations.`,
      `The restore replaces the database: everything written after the dump is lost. If the database still answers, take a dump first: ${code(`kubectl -n <namespace> create job --from=cronjob/${mysqlBackupCronJobName} ${mysqlBackupCronJobName}-before-restore`)}.`,
      `The Job uses the Secrets ${code(backupS3CredentialsSecretName)} (S3 keys) and ${code(mysqlCredentialsSecretName)} (the application user), which the environment already has.`,
    ]),
    heading(2, 'Steps'),
    ...facts.map((fact) => {
      const name = fact.environment.name;
      const namespace = fact.namespace;
      return [
        heading(3, name),
        steps([
          fact.clusterStep,
          `Pick the dump. ${code('latest')} is the newest complete one; to choose, list them (any S3 client with the keys of ${code(backupS3CredentialsSecretName)}):\n${shell(
            `rclone lsf ":s3,provider=Other,endpoint=${fact.environment.decisions.s3.value.endpoint},region=${fact.environment.decisions.s3.value.region}:${fact.location('mysql').slice('s3://'.length)}"`,
          )}`,
          `Stop Flux from undoing the next step, then stop XWiki so nothing writes during the restore:\n${shell(
            `flux -n ${fluxNamespace} suspend kustomization ${fluxKustomizations.xwiki}`,
            `kubectl -n ${namespace} scale deployment/${xwikiName} --replicas=0`,
            `kubectl -n ${namespace} wait --for=delete pod -l app.kubernetes.io/name=${xwikiName} --timeout=5m`,
          )}`,
          `Review the Job, then create it (it fetches the dump, checks it against its .sha256 and that it is complete, and only then drops and recreates the database):\n${shell(
            ...commented([
              [`npx o4g restore mysql ${name} --from latest`, 'prints the Job'],
              [`npx o4g restore mysql ${name} --from latest --apply${fact.contextFlag}`, 'creates it with kubectl'],
            ]),
            `kubectl -n ${namespace} logs -f job/${mysqlRestoreJobName} -c fetch`,
            `kubectl -n ${namespace} logs -f job/${mysqlRestoreJobName} -c restore`,
            `kubectl -n ${namespace} wait --for=condition=complete job/${mysqlRestoreJobName} --timeout=6h`,
          )}`,
          `Check the data before letting users in: the last log line says how many tables were restored; count the pages:\n${shell(
            `kubectl -n ${namespace} exec ${mysqlName}-0 -- sh -c 'MYSQL_PWD="$MYSQL_PASSWORD" mysql -u"$MYSQL_USER" "$MYSQL_DATABASE" -e "SELECT COUNT(*) FROM ${xwikiDocumentTable}"'`,
          )}`,
          `Start XWiki again by resuming Flux (it restores the replica count), and check that the wiki shows recent pages:\n${shell(
            `flux -n ${fluxNamespace} resume kustomization ${fluxKustomizations.xwiki}`,
            `kubectl -n ${namespace} rollout status deployment/${xwikiName} --timeout=30m`,
          )}`,
          `Delete the Job once its logs are no longer needed (it is removed after 7 days anyway): ${code(`kubectl -n ${namespace} delete job ${mysqlRestoreJobName}`)}.`,
        ]),
      ].join('\n');
    }),
    heading(2, 'When it fails'),
    list([
      `${code('s3-fetch: no complete backup')}: no dump has its .sha256 yet; check the ${code(mysqlBackupCronJobName)} jobs (${code('kubectl -n <namespace> get jobs -l open4goods.org/backup=mysql')}). Dumps named without the environment (${code('xwiki-<timestamp>.sql.gz')}) are not taken: see backups-old-names.md.`,
      `${code('does not match its .sha256')}: the object is corrupted; restore the previous dump by name.`,
      `${code('mysql-restore: loading … failed')}: the database is incomplete. Fix the cause shown above it, delete the Job and run the restore again; XWiki stays stopped meanwhile.`,
      `A Job named ${code(mysqlRestoreJobName)} already exists: read its logs, delete it, create the new one (${code('--apply')} uses ${code('kubectl create')}, so two restores never run at once).`,
    ]),
    heading(2, 'Restoring on a workstation'),
    paragraph(
      `The Job runs the scripts of ${code(scriptsDirectory)} (${code(scriptFiles.s3Fetch)}, ${code(scriptFiles.mysqlRestore)});`,
      'they run the same way against any MySQL server, which is how the tests prove them against MariaDB and an S3 server on loopback.',
      `For example, with the dump downloaded into ${code('./restore')}:`,
    ),
    shell(`DATABASE_HOST=127.0.0.1 DATABASE_PORT=3306 DATABASE_USER=root MYSQL_PWD=… DATABASE_NAME=xwiki RESTORE_DIRECTORY=./restore bash ${scriptsDirectory}/${scriptFiles.mysqlRestore}`),
  );
}
