import type { Environment } from '@open4goods/environments';
import { xwikiAdminCredentialsSecretName, xwikiServiceName } from '@open4goods/xwiki';
import { backupS3CredentialsSecretName, xwikiExportCronJobName, xwikiRestoreJobName } from '../names.ts';
import { backupNameStem } from '../s3.ts';
import { factsOf } from './facts.ts';
import { code, commented, document, heading, list, paragraph, shell, steps, table } from './markdown.ts';

export const restoreXwikiRunbookPath = 'docs/runbooks/restore-xwiki.md';

/** Restore pages from a XAR export: when the database dump cannot be used, or to bring back some pages only. */
export function restoreXwikiRunbook(environments: readonly Environment[]): string {
  const facts = environments.map(factsOf);
  return document(
    heading(1, 'Restore XWiki from a XAR export'),
    paragraph(
      `The ${code(xwikiExportCronJobName)} CronJob calls XWiki's export action for the whole wiki, with page history, as a backup package`,
      '(authors and dates are kept on import). It keeps the file only if XWiki answered 200 with a zip holding a `package.xml` and pages, then',
      'uploads it like a dump. A XAR holds pages, their objects and attachments; it does not hold the permanent directory (installed',
      'extensions, the search index) nor users\' sessions. Prefer the MySQL dump (restore-mysql.md) to restore a whole wiki; use a XAR',
      'to bring back pages selectively, to move content into a fresh XWiki, or when no usable dump exists.',
    ),
    table(
      ['environment', 'namespace', 'exports', 'schedule', 'retention'],
      facts.map((fact) => [
        fact.environment.name,
        code(fact.namespace),
        code(fact.location('xwiki')),
        `${fact.exportSchedule.description} (${code(fact.exportSchedule.cron)})`,
        `${fact.environment.decisions.s3.value.retentionDays} days`,
      ]),
    ),
    heading(2, 'Rights needed'),
    list([
      `The import action requires admin rights on the wiki. The Job attaches the XAR with the account of the Secret ${code(xwikiAdminCredentialsSecretName)} that the export job uses; the person doing the import logs in with an account that has wiki admin rights (the same one, or their own).`,
      `On a freshly installed XWiki (no admin yet), finish the setup wizard first and put the new admin account into ${code(xwikiAdminCredentialsSecretName)}.`,
      `${code('kubectl')} to create the Job and read its logs; the Job reads S3 with ${code(backupS3CredentialsSecretName)}.`,
    ]),
    heading(2, 'Steps'),
    ...facts.map((fact) => {
      const name = fact.environment.name;
      const namespace = fact.namespace;
      const url = `https://${fact.environment.decisions.fqdn.value.xwiki}`;
      return [
        heading(3, name),
        steps([
          fact.clusterStep,
          `Stage the export: the Job fetches the XAR (checked against its .sha256) and attaches it to ${code('XWiki.XWikiPreferences')} through the REST API (${code(`PUT /rest/wikis/xwiki/spaces/XWiki/pages/XWikiPreferences/attachments/<file>`)} on the ${code(xwikiServiceName)} Service):\n${shell(
            ...commented([
              [`npx o4g restore xwiki ${name} --from latest`, 'prints the Job'],
              [`npx o4g restore xwiki ${name} --from latest --apply${fact.contextFlag}`, 'creates it with kubectl'],
            ]),
            `kubectl -n ${namespace} logs -f job/${xwikiRestoreJobName} -c fetch`,
            `kubectl -n ${namespace} logs -f job/${xwikiRestoreJobName} -c stage-import`,
          )}`,
          `Open ${code(`${url}/bin/admin/XWiki/XWikiPreferences?section=Import`)} (Administration > Content > Import) as a wiki admin. The staged file (${code(`${backupNameStem(fact.environment, 'xwiki')}-<timestamp>.xar`)}) is listed under the attachments; select it.`,
          'Choose the pages: all of them for a full restore, or only those to bring back. Keep "Import as backup package" checked so authors, dates and history stay those of the export.',
          'Choose the history strategy: "Replace the history" to restore pages exactly as exported, or "Add a new version" to keep the current history and put the export on top. Then Import, and wait for the report: each page says imported, skipped or failed.',
          'Check: open a few of the imported pages and their attachments, search for a recently edited page (the search index updates in the background; a full reindex is in Administration > Search), and compare the page count with the report.',
          `Delete the staged attachment from ${code('XWiki.XWikiPreferences')} (its Attachments tab) once the import is done, and the Job: ${code(`kubectl -n ${namespace} delete job ${xwikiRestoreJobName}`)}.`,
        ]),
      ].join('\n');
    }),
    heading(2, 'When it fails'),
    list([
      `${code('HTTP 401')} or ${code('403')} from the stage step: the account of ${code(xwikiAdminCredentialsSecretName)} is wrong or lacks admin rights.`,
      `${code('HTTP 413')}: the XAR is larger than the upload limit of XWiki or of the ingress path; raise XWiki's maximum upload size (Administration > Editing) for the import.`,
      'An import that times out in the browser keeps running in XWiki: reload the import page later and read the report.',
      'Without a running XWiki there is nothing to import into: restore the database (restore-mysql.md) or the volume (restore-longhorn-volume.md) first.',
    ]),
  );
}
