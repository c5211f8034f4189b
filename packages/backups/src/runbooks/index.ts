import type { Environment } from '@open4goods/environments';
import type { GeneratedDocument } from '@open4goods/kit';
import { oldBackupNamesRunbook, oldBackupNamesRunbookPath } from './old-backup-names.ts';
import { productionCutoverRunbook, productionCutoverRunbookPath } from './production-cutover.ts';
import { restoreLonghornVolumeRunbook, restoreLonghornVolumeRunbookPath } from './restore-longhorn-volume.ts';
import { restoreMysqlRunbook, restoreMysqlRunbookPath } from './restore-mysql.ts';
import { restoreTestRunbook, restoreTestRunbookPath } from './restore-test.ts';
import { restoreXwikiRunbook, restoreXwikiRunbookPath } from './restore-xwiki.ts';

/** The runbooks of backups and restores, rendered from the deployed environments. */
export function backupRunbooks(environments: readonly Environment[]): GeneratedDocument[] {
  return [
    { path: restoreMysqlRunbookPath, content: restoreMysqlRunbook(environments) },
    { path: restoreXwikiRunbookPath, content: restoreXwikiRunbook(environments) },
    { path: restoreLonghornVolumeRunbookPath, content: restoreLonghornVolumeRunbook(environments) },
    { path: restoreTestRunbookPath, content: restoreTestRunbook(environments) },
    { path: productionCutoverRunbookPath, content: productionCutoverRunbook(environments) },
    { path: oldBackupNamesRunbookPath, content: oldBackupNamesRunbook(environments) },
  ];
}
