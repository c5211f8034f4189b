import type { Environment } from '@open4goods/environments';
import { type BackupKind, backupKinds, backupLocation, backupNameStem } from '../s3.ts';
import { code, document, heading, list, paragraph, shell } from './markdown.ts';

export const oldBackupNamesRunbookPath = 'docs/runbooks/backups-old-names.md';

/** The stem the backups had before their names carried the environment: the database name for the dumps, `xwiki` for the exports. */
export function oldBackupNameStem(environment: Environment, kind: BackupKind): string {
  return kind === 'mysql' ? environment.mysql.database : 'xwiki';
}

/**
 * The shell lines that give every old-named backup of one kind its new name (the object copied,
 * then its .sha256 rewritten for the new name, then the old pair removed), reading the folder from
 * the variable `folder` (an rclone path). The .sha256 names its file, so it cannot be copied as it is.
 */
export function renameOldBackupsScript(environment: Environment, kind: BackupKind): string[] {
  const { extension } = backupKinds[kind];
  const oldStem = oldBackupNameStem(environment, kind);
  const newStem = backupNameStem(environment, kind);
  return [
    `rclone lsf --files-only "$folder/" | grep -E '^${oldStem}-[0-9]{8}T[0-9]{6}Z\\.${extension.replaceAll('.', '\\.')}$' | while IFS= read -r old; do`,
    `  new="${newStem}-\${old#${oldStem}-}"`,
    '  rclone copyto "$folder/$old" "$folder/$new" &&',
    '    rclone cat "$folder/$old.sha256" | sed "s/  $old\\$/  $new/" | rclone rcat "$folder/$new.sha256" &&',
    '    rclone deletefile "$folder/$old.sha256" && rclone deletefile "$folder/$old" && echo "renamed $old to $new"',
    'done',
  ];
}

/** What to do with backups written before the names carried the environment (`xwiki-<timestamp>.sql.gz`). */
export function oldBackupNamesRunbook(environments: readonly Environment[]): string {
  return document(
    heading(1, 'Backups under the old names'),
    paragraph(
      'Backups are named after their environment (`<environment>-<database>-<timestamp>.sql.gz`, `<environment>-xwiki-<timestamp>.xar`);',
      'retention, `latest`, `o4g restore --from` and the backups smoke check take only these names, so nothing written by another environment is ever deleted or restored.',
      'Backups written before (`<database>-<timestamp>.sql.gz`, `xwiki-<timestamp>.xar`) are no longer expired nor restored: they stay until renamed or removed by hand.',
      'The backup credentials may not touch them either (docs/runbooks/s3-credentials.md): run these commands with the bucket owner\'s keys,',
      'in an rclone remote `admin:` configured for the bucket (`rclone config create admin s3 provider=Other endpoint=… access_key_id=… secret_access_key=…`).',
      'If two environments ever wrote to the same folder, an old name does not say whose backup it is: compare its timestamp with each environment\'s schedule before renaming it.',
    ),
    ...environments.flatMap((environment) =>
      (Object.keys(backupKinds) as BackupKind[]).map((kind) => {
        const folder = `admin:${backupLocation(environment.decisions.s3.value, kind).slice('s3://'.length).replace(/\/$/, '')}`;
        const oldPattern = `${oldBackupNameStem(environment, kind)}-<timestamp>.${backupKinds[kind].extension}`;
        return [
          heading(2, `${environment.name}: ${backupKinds[kind].description}s named ${oldPattern}`),
          list([
            `To keep them (restorable, expired by the retention like the others), give them the new names:\n${shell(`folder=${folder}`, ...renameOldBackupsScript(environment, kind))}`,
            `Or, once they are older than the retention (${environment.decisions.s3.value.retentionDays} days), remove them: list them, then delete each with its .sha256:\n${shell(
              `folder=${folder}`,
              `rclone lsf --files-only "$folder/" | grep -E '^${oldBackupNameStem(environment, kind)}-[0-9]{8}T[0-9]{6}Z\\.${backupKinds[kind].extension.replaceAll('.', '\\.')}(\\.sha256)?$'`,
              'rclone deletefile "$folder/<name>"',
            )}`,
            `Then ${code(`rclone lsf "${folder}/"`)} shows only names of the new form (and files that are not backups).`,
          ]),
        ].join('\n');
      }),
    ),
  );
}
