import type { Environment } from './environment.ts';

/**
 * The folders under an environment's S3 prefix, one per kind of backup: the MySQL dumps and XWiki
 * exports of packages/backups and Longhorn's backup store. Every package takes its folder from here,
 * so the check below sees the folders the render uses.
 */
export const backupFolders = { mysql: 'mysql', xwiki: 'xwiki', longhorn: 'longhorn' } as const;
export type BackupFolderKind = keyof typeof backupFolders;

/** Where the field that places an environment's backups is written. */
const prefixField = 'decisions.s3.value.prefix';

/** A key space of S3 that one writer owns: everything under `s3://<bucket>/<keyPrefix>`. */
export interface BackupLocation {
  readonly environment: string;
  readonly file: string;
  /** undefined: the environment's whole prefix; otherwise one kind's folder under it. */
  readonly kind?: BackupFolderKind;
  readonly bucket: string;
  /** Ends with "/": S3 keys are compared as strings, and "a/prod" would otherwise hold "a/prod2". */
  readonly keyPrefix: string;
}

export function environmentBackupLocation(environment: Environment): BackupLocation {
  const { bucket, prefix } = environment.decisions.s3.value;
  return { environment: environment.name, file: environment.sourceFile, bucket, keyPrefix: `${prefix}/` };
}

export function backupFolderLocation(environment: Environment, kind: BackupFolderKind, folders: Readonly<Record<BackupFolderKind, string>> = backupFolders): BackupLocation {
  const whole = environmentBackupLocation(environment);
  return { ...whole, kind, keyPrefix: `${whole.keyPrefix}${folders[kind]}/` };
}

/** Two key spaces overlap when one holds a key of the other: same bucket, one prefix starts the other. */
function overlap(a: BackupLocation, b: BackupLocation): 'equal' | 'nested' | undefined {
  if (a.bucket !== b.bucket) return undefined;
  if (a.keyPrefix === b.keyPrefix) return 'equal';
  return a.keyPrefix.startsWith(b.keyPrefix) || b.keyPrefix.startsWith(a.keyPrefix) ? 'nested' : undefined;
}

const describe = (location: BackupLocation) =>
  `${location.kind ? `the ${location.kind} backups` : 'the backups'} of ${location.environment} (s3://${location.bucket}/${location.keyPrefix})`;

/** Raised when two writers of backups would share keys; names both files, the field and the fix. */
export class BackupLocationCollisionError extends Error {
  constructor(readonly collisions: readonly string[]) {
    super([`backup locations overlap (${collisions.length} collision${collisions.length === 1 ? '' : 's'}): one environment's retention would delete the other's backups`, ...collisions].join('\n'));
    this.name = 'BackupLocationCollisionError';
  }
}

/**
 * Refuses environments whose backups could overwrite or expire each other: two environments whose
 * bucket and prefix are equal or nested, or two kinds of one environment whose folders are. Called
 * wherever the deployed environments are loaded, so build, check and every nx target refuse alike.
 */
export function assertBackupLocationsDisjoint(environments: readonly Environment[], folders: Readonly<Record<BackupFolderKind, string>> = backupFolders): void {
  const collisions: string[] = [];
  environments.forEach((environment, index) => {
    for (const other of environments.slice(0, index)) {
      const [mine, theirs] = [environmentBackupLocation(environment), environmentBackupLocation(other)];
      const how = overlap(mine, theirs);
      if (!how) continue;
      collisions.push(
        `  ${mine.file}: ${prefixField}: ${describe(mine)} ${how === 'equal' ? 'are the same keys as' : 'nest with'} ${describe(theirs)}, set in ${theirs.file}: ${prefixField}` +
          `\n    fix: give ${environment.name} a prefix of its own, neither equal to nor inside nor around "${other.decisions.s3.value.prefix}" (such as "${suggestedPrefix(other, environment)}"), or another bucket (decisions.s3.value.bucket)`,
      );
    }
    const kinds = Object.keys(folders) as BackupFolderKind[];
    kinds.forEach((kind, kindIndex) => {
      for (const otherKind of kinds.slice(0, kindIndex)) {
        const [mine, theirs] = [backupFolderLocation(environment, kind, folders), backupFolderLocation(environment, otherKind, folders)];
        if (!overlap(mine, theirs)) continue;
        collisions.push(
          `  packages/environments/src/backup-locations.ts: backupFolders.${kind}: ${describe(mine)} overlap ${describe(theirs)}` +
            `\n    fix: give every kind of backup a folder of its own, none inside another`,
        );
      }
    });
  });
  if (collisions.length > 0) throw new BackupLocationCollisionError(collisions);
}

/** "open4goods/prod" and staging give "open4goods/staging": the sibling of the other's prefix. */
function suggestedPrefix(other: Environment, environment: Environment): string {
  const parts = other.decisions.s3.value.prefix.split('/');
  parts[parts.length - 1] = environment.name;
  const candidate = parts.join('/');
  return candidate === other.decisions.s3.value.prefix ? `${candidate}-${environment.name}` : candidate;
}
