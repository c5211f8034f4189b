import type { Environment } from '@open4goods/environments';
import { clusterIssuerOf, fluxNamespace } from '@open4goods/kit';
import { mysqlImage, mysqlName } from '@open4goods/mysql';
import { xwikiDataClaimName, xwikiName, xwikiPermanentDirectory, xwikiTlsSecretName, xwikiUid, xwikiVolumePath } from '@open4goods/xwiki';
import { mysqlBackupCronJobName, mysqlRestoreJobName, mysqlRestoreTestCronJobName, xwikiExportCronJobName } from '../names.ts';
import { xwikiDocumentTable } from '../restore-test.ts';
import { factsOf, fluxKustomizations } from './facts.ts';
import { code, document, heading, list, paragraph, shell, steps } from './markdown.ts';

export const productionCutoverRunbookPath = 'docs/runbooks/production-cutover.md';

/** What the Docker Compose file runs today (the specification's starting point). */
export const composeMysqlImage = 'mysql:9.3.0';

/**
 * Counts that must be equal on both sides of the move: pages, their history, attachments and
 * the tables of the database (a table a newer series' feature kept out would show here).
 */
export const cutoverCountQuery = [
  `SELECT 'pages', COUNT(*) FROM ${xwikiDocumentTable};`,
  "SELECT 'history', COUNT(*) FROM xwikircs;",
  "SELECT 'attachments', COUNT(*) FROM xwikiattachment;",
  "SELECT 'tables', COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE();",
].join('\n');

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
      `The restore test is green${staging ? ` in ${staging.name} (${code(mysqlRestoreTestCronJobName)})` : ''}, and this procedure was rehearsed end to end on staging with a copy of the Compose data, timed.`,
      `MySQL changes series: Compose runs ${code(composeMysqlImage)}, prod runs ${code(prod.decisions.mysqlVersion.value)} (${code(mysqlImage.reference.split('@')[0]!)}). MySQL cannot open a newer series' data directory (no downgrade), so the data moves as a logical dump from ${code(composeMysqlImage)} restored into ${prod.decisions.mysqlVersion.value}. The rehearsal proves it: the restore log has no error, and the checks of step 6 pass (${code('utf8mb4_0900_ai_ci')}, the default collation of both, is kept; features newer than ${prod.decisions.mysqlVersion.value} are in version comments that ${prod.decisions.mysqlVersion.value} skips, so a table that needs one shows up in the row counts).`,
      `24 to 48 hours before the window, lower the TTL of ${code(fqdn)} at the DNS provider (${code(prod.dns.provider)}, zone ${code(prod.dns.zone)}) to 300 seconds, so the switch and a rollback take minutes, not the old TTL.`,
      'Announce the window (about twice the rehearsed duration) and that the wiki is read-only during it. Freeze from the day before: no merge to main (Renovate and people alike) and no change on the Compose host until the cutover is declared done or rolled back, so what was rehearsed is what runs.',
    ]),
    heading(2, 'The window'),
    paragraph('Each step says how to undo it; past step 7 (DNS), see "Rollback".'),
    steps([
      `Stop writes on Compose: stop the XWiki container, keep its database running, and note the counts the checks compare:\n${shell(
        'docker compose stop xwiki',
        `docker compose exec -T db sh -c 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql -uroot -N ${prod.mysql.database}' <<'SQL' | tee compose-counts.txt\n${cutoverCountQuery}\nSQL`,
      )}Undo: ${code('docker compose start xwiki')}.`,
      `Dump the Compose database with the options of the backup job, under a backup's name, with its checksum:\n${shell(
        `name=${dumpName}`,
        `docker compose exec -T db sh -c 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysqldump -uroot --single-transaction --routines --triggers --events --no-tablespaces --hex-blob --default-character-set=utf8mb4 ${prod.mysql.database}' | gzip -6 >"$name"`,
        'gzip -dc "$name" | tail -n 1   # must start with "-- Dump completed"',
        'sha256sum "$name" >"$name.sha256"',
      )}Nothing to undo: Compose is unchanged.`,
      `Upload both to ${code(facts.location('mysql'))} (the .sha256 last), with the prod S3 keys and the prod encryption (${facts.encryption}). Undo: delete the two objects you uploaded (and only those).`,
      `Copy the whole permanent directory, XWiki stopped on both sides: ${code(`${xwikiPermanentDirectory}`)} of the Compose XWiki volume (attachments in ${code('store/')}, installed extensions in ${code('extension/')}, job statuses, the Solr index, which XWiki otherwise rebuilds) into ${code('data/')} of the ${code(xwikiDataClaimName)} claim (mounted at ${code(xwikiVolumePath)}), owned by uid ${xwikiUid}: use the copy pod of restore-longhorn-volume.md with a claim holding the files, or ${code('tar')} through ${code('kubectl exec')} into a pod that mounts the claim as uid ${xwikiUid}. Compare the file counts and sizes on both sides (${code('find data -type f | wc -l; du -s data')}). Undo: empty the claim's ${code('data/')}.`,
      `Restore the dump into prod (restore-mysql.md): point kubectl at prod's cluster (its first step), suspend ${code(fluxKustomizations.xwiki)}, scale XWiki to 0, then\n${shell(`npx o4g restore mysql prod --from "$name" --apply${facts.contextFlag}`, `kubectl -n ${namespace} wait --for=condition=complete job/${mysqlRestoreJobName} --timeout=6h`, `kubectl -n ${namespace} logs job/${mysqlRestoreJobName} | grep -i error   # must print nothing`)}Undo: restore the newest prod backup from before the window the same way (prod had no users yet, so an empty database is also fine).`,
      `Resume ${code(fluxKustomizations.xwiki)} and check, through a hosts-file entry for ${code(fqdn)} pointing at the cluster's ingress (the certificate is issued only after the DNS switch: accept the temporary certificate's warning for now):\n   - the counts equal Compose's: run the query of step 1 in prod (${code(`kubectl -n ${namespace} exec -i ${mysqlName}-0 -c ${mysqlName} -- sh -c 'mysql -u"$MYSQL_USER" -p"$MYSQL_PASSWORD" -N ${prod.mysql.database}' | diff compose-counts.txt -`)} prints nothing);\n   - an admin can log in; five known pages, one with attachments, one recently edited, show their content and history; the Extension Manager lists the extensions Compose had installed;\n   - search finds a recent page (the index rebuilds in the background after a restore);\n   - a backup runs: ${code(`kubectl -n ${namespace} create job --from=cronjob/${mysqlBackupCronJobName} ${mysqlBackupCronJobName}-cutover`)} completes.\n   A failed check: stop here and roll back (before the switch).`,
      `Switch DNS: remove the manual record of ${code(fqdn)} at ${code(prod.dns.provider)}; external-dns publishes the Ingress's address for it (and owns the record from then on). Check with ${code(`dig +short ${fqdn}`)} (from outside, and against the zone's authoritative servers) and a browser without the hosts-file entry. Undo: recreate the manual record (the TTL is 300 s).`,
      `The certificate: once the name resolves to the cluster, cert-manager solves Let's Encrypt's HTTP-01 challenge through the wiki's Ingress and fills the Secret ${code(xwikiTlsSecretName)} (ClusterIssuer ${code(clusterIssuerOf(prod))}). Wait for it and check what the world sees:\n${shell(
        `kubectl -n ${namespace} wait --for=condition=Ready certificate/${xwikiTlsSecretName} --timeout=15m`,
        `openssl s_client -connect ${fqdn}:443 -servername ${fqdn} </dev/null 2>/dev/null | openssl x509 -noout -issuer -subject -enddate`,
      )}The issuer must be Let's Encrypt (not "(STAGING)"), the subject ${code(fqdn)}. Not Ready after 15 minutes: ${code(`kubectl -n ${namespace} describe certificate ${xwikiTlsSecretName}`)} and the challenge (${code(`kubectl -n ${namespace} get challenges`)}) say why (DNS not yet propagated, port 80 not reachable); roll back if it cannot be fixed within the window.`,
      'Declare the cutover done and lift the freeze; from now on prod is the source of truth. Keep the Compose host stopped, not deleted, for a week.',
      `After a week without rollback, raise the TTL of ${code(fqdn)} back to its usual value.`,
    ]),
    heading(2, 'Rollback'),
    paragraph('Before the cutover is declared done (nothing was written on prod):'),
    steps([
      `Point ${code(fqdn)} back at the Compose host (or recreate its manual record), and suspend prod's wiki: ${code(`flux -n ${fluxNamespace} suspend kustomization ${fluxKustomizations.xwiki}`)} then ${code(`kubectl -n ${namespace} scale deployment/${xwikiName} --replicas=0`)}.`,
      `Start Compose's XWiki again: ${code('docker compose start xwiki')}. Its data were never changed; its ${code(composeMysqlImage)} data directory was only read.`,
      'Write down what failed; the next attempt starts again from the preconditions.',
    ]),
    paragraph(
      'After the cutover was declared done, prod holds the newer data: a rollback is then a cutover the other way.',
      `A dump from ${prod.decisions.mysqlVersion.value} loads into ${code(composeMysqlImage)} (an upgrade of series, which MySQL allows).`,
    ),
    steps([
      `Take a dump in prod (${code(`kubectl -n ${namespace} create job --from=cronjob/${mysqlBackupCronJobName} ${mysqlBackupCronJobName}-rollback`)}), download it with its .sha256 and check it (${code('sha256sum -c')}).`,
      'Load it into Compose\'s database with XWiki stopped (`gzip -dc <dump> | docker compose exec -T db mysql …`), copy the permanent directory back, start XWiki, run the checks of step 6 the other way, switch DNS back.',
    ]),
  );
}
