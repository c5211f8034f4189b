import { describe, expect, it } from 'vitest';
import { BackupLocationCollisionError, assertBackupLocationsDisjoint, backupFolders } from './backup-locations.ts';
import { locked } from './decision.ts';
import { defaultSettings } from './defaults.ts';
import { defineEnvironment, loadDeployedEnvironments } from './load.ts';

const withS3 = (name: string, s3: { prefix: string; bucket?: string }) =>
  defineEnvironment(name, `packages/environments/src/${name}.ts`, { decisions: { s3: locked({ ...defaultSettings.decisions.s3.value, ...s3 }) } });

/** The message of the refusal, or undefined when the environments are accepted. */
function refusal(...environments: ReturnType<typeof withS3>[]): string | undefined {
  try {
    assertBackupLocationsDisjoint(environments);
    return undefined;
  } catch (error) {
    expect(error).toBeInstanceOf(BackupLocationCollisionError);
    return (error as Error).message;
  }
}

describe('backup locations of the environments', () => {
  it('the deployed environments load: their prefixes are disjoint', () => {
    expect(loadDeployedEnvironments().map((environment) => environment.decisions.s3.value.prefix)).toEqual(['open4goods/prod', 'open4goods/staging']);
  });

  it("refuses staging with prod's prefix, naming both files, the field and the fix", () => {
    const message = refusal(withS3('prod', { prefix: 'open4goods/prod' }), withS3('staging', { prefix: 'open4goods/prod' }));
    expect(message).toBe(
      [
        "backup locations overlap (1 collision): one environment's retention would delete the other's backups",
        '  packages/environments/src/staging.ts: decisions.s3.value.prefix: the backups of staging (s3://open4goods-backups/open4goods/prod/) are the same keys as the backups of prod (s3://open4goods-backups/open4goods/prod/), set in packages/environments/src/prod.ts: decisions.s3.value.prefix',
        '    fix: give staging a prefix of its own, neither equal to nor inside nor around "open4goods/prod" (such as "open4goods/staging"), or another bucket (decisions.s3.value.bucket)',
      ].join('\n'),
    );
  });

  it.each([
    ['inside the other', 'open4goods/prod', 'open4goods/prod/staging'],
    ['around the other', 'open4goods/prod', 'open4goods'],
    ["one kind's folder of the other", 'open4goods/prod', 'open4goods/prod/mysql'],
  ])('refuses a prefix %s', (_, prodPrefix, stagingPrefix) => {
    expect(refusal(withS3('prod', { prefix: prodPrefix }), withS3('staging', { prefix: stagingPrefix }))).toContain('nest with the backups of prod');
  });

  it('accepts prefixes that only share a beginning of a name, and equal prefixes in different buckets', () => {
    expect(refusal(withS3('prod', { prefix: 'open4goods/prod' }), withS3('staging', { prefix: 'open4goods/prod2' }))).toBeUndefined();
    expect(refusal(withS3('prod', { prefix: 'open4goods/prod' }), withS3('staging', { prefix: 'open4goods/prod', bucket: 'open4goods-staging' }))).toBeUndefined();
  });

  it('lists every collision of three environments, not just the first', () => {
    const message = refusal(withS3('prod', { prefix: 'o4/prod' }), withS3('staging', { prefix: 'o4/prod' }), withS3('qa', { prefix: 'o4' }))!;
    expect(message).toMatch(/^backup locations overlap \(3 collisions\)/);
    expect(message).toContain('packages/environments/src/qa.ts: decisions.s3.value.prefix: the backups of qa (s3://open4goods-backups/o4/) nest with the backups of prod');
    expect(message).toContain('packages/environments/src/qa.ts: decisions.s3.value.prefix: the backups of qa (s3://open4goods-backups/o4/) nest with the backups of staging');
  });

  it('refuses two kinds of backup of one environment whose folders nest', () => {
    expect(() => assertBackupLocationsDisjoint([withS3('prod', { prefix: 'open4goods/prod' })], { ...backupFolders, longhorn: 'mysql/longhorn' })).toThrow(
      'packages/environments/src/backup-locations.ts: backupFolders.longhorn: the longhorn backups of prod (s3://open4goods-backups/open4goods/prod/mysql/longhorn/) overlap the mysql backups of prod (s3://open4goods-backups/open4goods/prod/mysql/)',
    );
  });
});
