import type { Environment } from '@open4goods/environments';
import { fluxNamespace } from '@open4goods/kit';
import { mysqlName } from '@open4goods/mysql';
import { xwikiDataClaimName, xwikiName } from '@open4goods/xwiki';
import { mysqlBackupCronJobName, mysqlRestoreJobName, mysqlRestoreTestCronJobName, xwikiExportCronJobName } from '../names.ts';
import { xwikiDocumentTable } from '../restore-test.ts';
import { factsOf, fluxKustomizations } from './facts.ts';
import { code, document, heading, list, paragraph, shell, steps } from './markdown.ts';

export const productionCutoverRunbookPath = 'docs/runbooks/production-cutover.md';

/** Moving the wiki from the Docker Compose host to the prod cluster, and back if it fails. */
export function productionCutoverRunbook(environments: readonly Environment[]): string {
  const prod = environments.find((environment) => environment.name === 'prod');
  const staging = environments.find((environment) => environment.backups.restoreTestSource === prod?.name);
  if (!prod) throw new Error('the production cutover runbook needs the prod environment');
  const facts = factsOf(prod);
  const fqdn = prod.decisions.fqdn.value.xwiki;
  const namespace = facts.namespace;
  const dumpName = `${prod.mysql.database}-$(date -u +%Y%m%dT%H%M%SZ).sql.gz`;
  return document(
    heading(1, 'Cutover to production, and rollback'),
    paragraph(
      `Moves the wiki from the Docker Compose host to the prod cluster: ${code(`https://${fqdn}`)} then answers from namespace ${code(namespace)}.`,
      'The Compose host stays untouched until the cutover is declared done: it is the rollback.',
    ),
    heading(2, 'Preconditions (days before)'),
    list([
      `Every decision of prod is locked (${code('npx o4g decisions prod')} says so), the build is merged, and Flux runs prod's apps (no ${code('suspend: true')} in ${code('clusters/prod/flux/')}).`,
      `Backups work in prod: ${code(mysqlBackupCronJobName)} and ${code(xwikiExportCronJobName)} have each succeeded once (${code(`kubectl -n ${namespace} get cronjobs`)}).`,
      `The restore test is green${staging ? ` in ${staging.name} (${code(mysqlRestoreTestCronJobName)})` : ''}, and this procedure was rehearsed end to end on staging with a copy of the Compose data.`,
      `24 to 48 hours before the window, lower the TTL of ${code(fqdn)} at the DNS provider (${code(prod.dns.provider)}, zone ${code(prod.dns.zone)}) to 300 seconds, so the switch and a rollback take minutes, not the old TTL.`,
      'Announce the window (about twice the rehearsed duration) and that the wiki is read-only during it.',
    ]),
    heading(2, 'The window'),
    steps([
      `Stop writes on Compose: stop the XWiki container, keep its database running:\n${shell('docker compose stop xwiki')}`,
      `Dump the Compose database with the options of the backup job, under a backup's name, with its checksum:\n${shell(
        `name=${dumpName}`,
        `docker compose exec -T db sh -c 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysqldump -uroot --single-transaction --routines --triggers --events --no-tablespaces --hex-blob --default-character-set=utf8mb4 ${prod.mysql.database}' | gzip -6 >"$name"`,
        'gzip -dc "$name" | tail -n 1   # must start with "-- Dump completed"',
        'sha256sum "$name" >"$name.sha256"',
      )}`,
      `Upload both to ${code(facts.location('mysql'))} (the .sha256 last), with the prod S3 keys and the prod encryption (${facts.encryption}).`,
      `Copy the permanent directory's attachment store (${code('data/store')} in the Compose XWiki volume) to the ${code(xwikiDataClaimName)} claim, XWiki stopped: use the copy pod of restore-longhorn-volume.md with a claim holding the files, or ${code('kubectl cp')} into a pod mounting the claim as uid of XWiki.`,
      `Restore the dump into prod (restore-mysql.md): point kubectl at prod's cluster (its first step), suspend ${code(fluxKustomizations.xwiki)}, scale XWiki to 0, then\n${shell(`npx o4g restore mysql prod --from "$name" --apply${facts.contextFlag}`, `kubectl -n ${namespace} wait --for=condition=complete job/${mysqlRestoreJobName} --timeout=6h`)}`,
      `Resume ${code(fluxKustomizations.xwiki)} and check, through a hosts-file entry for ${code(fqdn)} pointing at the cluster's ingress before DNS changes:`,
    ]),
    list([
      `the page count equals Compose's: ${code(`SELECT COUNT(*) FROM ${xwikiDocumentTable}`)} on both (${code(`kubectl -n ${namespace} exec ${mysqlName}-0 -- …`)} and ${code('docker compose exec db …')});`,
      'an admin can log in; five known pages, one with attachments, one recently edited, show their content and history;',
      'search finds a recent page (the index rebuilds in the background after a restore);',
      `a backup runs: ${code(`kubectl -n ${namespace} create job --from=cronjob/${mysqlBackupCronJobName} ${mysqlBackupCronJobName}-cutover`)} completes.`,
    ]),
    steps([
      `Switch DNS: remove the manual record of ${code(fqdn)} at ${code(prod.dns.provider)}; external-dns publishes the Ingress's address for it (and owns the record from then on). Check with ${code(`dig +short ${fqdn}`)} and a browser without the hosts-file entry.`,
      'Declare the cutover done; from now on prod is the source of truth. Keep the Compose host stopped, not deleted, for a week.',
      `After a week without rollback, raise the TTL of ${code(fqdn)} back to its usual value.`,
    ]),
    heading(2, 'Rollback'),
    paragraph('Before the cutover is declared done (nothing was written on prod):'),
    steps([
      `Point ${code(fqdn)} back at the Compose host (or recreate its manual record), and suspend prod's wiki: ${code(`flux -n ${fluxNamespace} suspend kustomization ${fluxKustomizations.xwiki}`)} then ${code(`kubectl -n ${namespace} scale deployment/${xwikiName} --replicas=0`)}.`,
      `Start Compose's XWiki again: ${code('docker compose start xwiki')}. Its data were never changed.`,
      'Write down what failed; the next attempt starts again from the preconditions.',
    ]),
    paragraph('After the cutover was declared done, prod holds the newer data: a rollback is then a cutover the other way.'),
    steps([
      `Take a dump in prod (${code(`kubectl -n ${namespace} create job --from=cronjob/${mysqlBackupCronJobName} ${mysqlBackupCronJobName}-rollback`)}), download it with its .sha256 and check it (${code('sha256sum -c')}).`,
      'Load it into Compose\'s database with XWiki stopped (`gzip -dc <dump> | docker compose exec -T db mysql …`), copy the attachment store back, start XWiki, check, switch DNS back.',
    ]),
  );
}
