import { loadDeployedEnvironments, loadEnvironment } from '@open4goods/environments';
import { fluxKustomizationName, generatedDocumentPattern, storageClassNames } from '@open4goods/kit';
import { mysqlDataClaimName } from '@open4goods/mysql';
import { xwikiAdminCredentialsSecretName, xwikiDataClaimName, xwikiUid } from '@open4goods/xwiki';
import { describe, expect, it } from 'vitest';
import backups from './index.ts';
import { rcloneImage } from './images.ts';
import { cutoverCountQuery } from './runbooks/production-cutover.ts';
import {
  backupS3CredentialsSecretName,
  mysqlBackupCronJobName,
  mysqlRestoreJobName,
  mysqlRestoreTestCronJobName,
  restoreTestS3CredentialsSecretName,
  xwikiExportCronJobName,
  xwikiRestoreJobName,
} from './names.ts';

const environments = loadDeployedEnvironments();
const documents = backups.documents!(environments);
const runbook = (name: string) => documents.find((document) => document.path === `docs/runbooks/${name}.md`)!.content;
const prod = loadEnvironment('prod');
const staging = loadEnvironment('staging');

describe('the generated runbooks', () => {
  it('are the six procedures, under docs/runbooks/', () => {
    expect(documents.map((document) => document.path)).toEqual([
      'docs/runbooks/restore-mysql.md',
      'docs/runbooks/restore-xwiki.md',
      'docs/runbooks/restore-longhorn-volume.md',
      'docs/runbooks/restore-test.md',
      'docs/runbooks/production-cutover.md',
      'docs/runbooks/backups-old-names.md',
    ]);
    for (const document of documents) {
      expect(document.path).toMatch(generatedDocumentPattern);
      expect(document.content).toMatch(/^# /);
      expect(document.content.endsWith('\n')).toBe(true);
      expect(document.content).not.toMatch(/undefined|\[object Object\]|NaN/);
    }
  });

  it('restore MySQL: names every environment namespace, bucket, prefix, schedule and the real commands', () => {
    const text = runbook('restore-mysql');
    for (const environment of [prod, staging]) {
      expect(text).toContain(`\`${environment.appNamespace}\``);
      expect(text).toContain(`s3://${environment.decisions.s3.value.bucket}/${environment.decisions.s3.value.prefix}/mysql/`);
      expect(text).toContain(`npx o4g restore mysql ${environment.name} --from latest --apply`);
      expect(text).toContain(`kubectl -n ${environment.appNamespace} logs -f job/${mysqlRestoreJobName} -c restore`);
    }
    expect(text).toContain('daily at 02:17 UTC (`17 2 * * *`)');
    expect(text).toContain(`flux -n flux-system suspend kustomization ${fluxKustomizationName({ layer: 'apps', component: 'xwiki', unit: 'wiki' })}`);
    expect(text).toContain(`--from=cronjob/${mysqlBackupCronJobName}`);
    expect(text).toContain(backupS3CredentialsSecretName);
    expect(text).toContain('| 14 days |');
  });

  it('restore MySQL and XWiki: kubectl on the environment\'s cluster first; --context where the environment names no API server, the server where it does', () => {
    for (const kind of ['mysql', 'xwiki']) {
      const unset = runbook(`restore-${kind}`);
      expect(unset).toContain("1. Point kubectl at prod's cluster. prod names no API server (`cluster.apiServer` in `packages/environments/src/prod.ts` is unset)");
      expect(unset).toContain(`npx o4g restore ${kind} prod --from latest --apply --context <prod-context>    # creates it with kubectl`);
      expect(unset).toContain("kubectl config view --minify --context <prod-context> -o jsonpath='{.clusters[0].cluster.server}'");
      const withServer = [prod, staging].map((environment) => ({ ...environment, cluster: { ...environment.cluster, apiServer: `https://${environment.name}.example.org:6443` } }));
      const set = backups.documents!(withServer).find((document) => document.path === `docs/runbooks/restore-${kind}.md`)!.content;
      expect(set).toContain("1. Point kubectl at prod's cluster, the context whose server is `https://prod.example.org:6443` (`cluster.apiServer` in `packages/environments/src/prod.ts`); `o4g restore --apply` refuses any other");
      expect(set).toContain(`npx o4g restore ${kind} prod --from latest --apply    # creates it with kubectl`);
      expect(set).not.toContain('--apply --context');
    }
  });

  it('restore XWiki: the staging Job, the import screen of the environment, and the rights needed', () => {
    const text = runbook('restore-xwiki');
    expect(text).toContain(`npx o4g restore xwiki staging --from latest --apply`);
    expect(text).toContain(`kubectl -n ${staging.appNamespace} logs -f job/${xwikiRestoreJobName} -c stage-import`);
    expect(text).toContain(`https://${staging.decisions.fqdn.value.xwiki}/bin/admin/XWiki/XWikiPreferences?section=Import`);
    expect(text).toContain(xwikiAdminCredentialsSecretName);
    expect(text).toContain('admin rights on the wiki');
    expect(text).toContain(xwikiExportCronJobName);
  });

  it('restore a Longhorn volume: both claims, their StorageClasses, and a copy pod pinned by digest per environment', () => {
    const text = runbook('restore-longhorn-volume');
    expect(text).toContain(`| \`${mysqlDataClaimName}\` | \`${storageClassNames.database}\` |`);
    expect(text).toContain(`| \`${xwikiDataClaimName}\` | \`${storageClassNames.general}\` |`);
    expect(text).toContain(`"image": "${rcloneImage.reference}"`);
    expect(text).toContain(`"namespace": "${prod.appNamespace}"`);
    expect(text).toContain(`"claimName": "${mysqlDataClaimName}-restored"`);
    expect(text).toContain('"readOnlyRootFilesystem": true');
  });

  it('restore test: where it runs, what it restores and how often', () => {
    const text = runbook('restore-test');
    expect(text).toContain(`| staging | \`${staging.appNamespace}\` | latest of \`open4goods-backups\`/\`open4goods/prod/mysql/\` (prod) | weekly, on Monday at 05:37 UTC, \`37 5 * * 1\` (7d, locked) | \`${restoreTestS3CredentialsSecretName}\`, read-only |`);
    expect(text).toContain(`--from=cronjob/${mysqlRestoreTestCronJobName}`);
  });

  it('production cutover: TTL lowered 24-48 h before, on the FQDN and DNS provider of prod, with a rollback', () => {
    const text = runbook('production-cutover');
    expect(text).toContain(`24 to 48 hours before the window, lower the TTL of \`${prod.decisions.fqdn.value.xwiki}\` at the DNS provider (\`${prod.dns.provider}\`, zone \`${prod.dns.zone}\`)`);
    expect(text).toContain('## Rollback');
    expect(text).toContain(`npx o4g restore mysql prod --from "$name" --apply`);
    expect(text).toContain(`s3://${prod.decisions.s3.value.bucket}/open4goods/prod/mysql/`);
  });

  it('production cutover: the whole permanent directory, the 9.3 to 8.4 move as a dump, the certificate after the switch, a freeze, and an undo per step', () => {
    const text = runbook('production-cutover');
    expect(text).toContain('Copy the whole permanent directory');
    expect(text).toContain('installed extensions in `extension/`');
    expect(text).toContain(`owned by uid ${xwikiUid}`);
    expect(text).toContain('Compose runs `mysql:9.3.0`, prod runs `8.4`');
    expect(text).toContain('no downgrade');
    expect(text).toContain(cutoverCountQuery);
    expect(text).toContain('| diff compose-counts.txt -');
    expect(text).toContain('kubectl -n open4goods-prod wait --for=condition=Ready certificate/xwiki-tls --timeout=15m');
    expect(text).toContain('openssl s_client -connect wiki.open4goods.org:443 -servername wiki.open4goods.org');
    expect(text).toContain('Freeze from the day before');
    const window = text.slice(text.indexOf('## The window'), text.indexOf('## Rollback'));
    // Every step before the DNS switch says how to undo it.
    for (const step of window.split(/\n(?=\d+\. )/).filter((part) => /^[1-7]\. /.test(part))) expect(step, step.slice(0, 60)).toMatch(/Undo: |Nothing to undo|roll back/);
  });
});
