import type { Environment } from '@open4goods/environments';
import { mysqlBackupCronJobName, mysqlRestoreTestCronJobName, restoreTestS3CredentialsSecretName } from '../names.ts';
import { xwikiDocumentTable, xwikiRequiredTables, xwikiSampleTables } from '../restore-test.ts';
import { factsOf } from './facts.ts';
import { code, document, heading, list, paragraph, shell, steps, table } from './markdown.ts';

export const restoreTestRunbookPath = 'docs/runbooks/restore-test.md';

/** The regular restore test: what it proves, where it runs, what to do when it fails. */
export function restoreTestRunbook(environments: readonly Environment[]): string {
  const testing = environments.map(factsOf).filter((fact) => fact.restoreTest);
  return document(
    heading(1, 'The regular restore test'),
    paragraph(
      'A backup counts once it has been restored. The restore test takes the newest complete MySQL dump of another environment, restores',
      'it into a throw-away MySQL server that lives only in the job\'s pod (its data on a volume deleted with the pod), and checks it:',
    ),
    list([
      `the dump matches its .sha256 and ends with mysqldump's completion line;`,
      `XWiki's tables are there: ${xwikiRequiredTables.map(code).join(', ')};`,
      `${code(xwikiDocumentTable)} (one row per page) is not empty;`,
      `a sample, ${xwikiSampleTables.map(code).join(' and ')}, dumped again from the restored server, is byte for byte the rows of the dump.`,
    ]),
    paragraph(
      'It is a CronJob like the backups, so kube-state-metrics reports its last success and its failures the same way, and a failing or',
      'stale restore test alerts like a failing backup.',
    ),
    table(
      ['runs in', 'namespace', 'restores', 'schedule (restore-test frequency)', 'keys'],
      testing.map((fact) => [
        fact.environment.name,
        code(fact.namespace),
        `latest of ${code(fact.restoreTest!.source.decisions.s3.value.bucket)}/${code(`${fact.restoreTest!.source.decisions.s3.value.prefix}/mysql/`)} (${fact.restoreTest!.source.name})`,
        `${fact.restoreTest!.schedule.description}, ${code(fact.restoreTest!.schedule.cron)} (${fact.environment.decisions.restoreTestFrequency.value}, ${fact.status('restoreTestFrequency')})`,
        `${code(restoreTestS3CredentialsSecretName)}, read-only`,
      ]),
    ),
    heading(2, 'Run it now'),
    ...testing.map((fact) =>
      shell(
        `kubectl -n ${fact.namespace} create job --from=cronjob/${mysqlRestoreTestCronJobName} ${mysqlRestoreTestCronJobName}-manual-$(date +%s)`,
        `kubectl -n ${fact.namespace} get jobs -l open4goods.org/backup=restore-test`,
        `kubectl -n ${fact.namespace} logs -f job/<job> -c fetch`,
        `kubectl -n ${fact.namespace} logs -f job/<job> -c restore-check   # ends with "restore-check: OK"`,
      ),
    ),
    heading(2, 'When it fails'),
    steps([
      `Read the ${code('restore-check')} log: every failure starts with ${code('restore-check: FAILED:')} or names the step (${code('s3-fetch:')}, ${code('mysql-restore:')}).`,
      `${code('no complete backup')}: the source's ${code(mysqlBackupCronJobName)} has not succeeded; that is the incident to fix first (see its alert).`,
      `${code('does not match its .sha256')} or ${code('not a readable gzip file')}: the stored dump is damaged. Check the previous dumps with the same job (set ${code('BACKUP_KEY')} to a name), and take a fresh dump in the source environment.`,
      `${code('tables missing')} or ${code('is empty')}: the dump is of the wrong or an empty database; check the source's ${code('mysql.database')} setting and its dump logs.`,
      `${code('the rows of … differ from the dump')}: the restore changed data (character set, SQL mode, version difference). Compare the mysql image of both environments; until explained, treat the dumps as unproven and keep the Longhorn backups.`,
      'A job killed at its deadline (6 hours): the database outgrew the throw-away server\'s resources; raise them in packages/backups/src/restore-test.ts.',
    ]),
  );
}
