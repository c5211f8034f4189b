import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { BuildInputError, type KubernetesObject } from '@open4goods/kit';
import { crdValidationErrors, referenceAvailable } from '@open4goods/kit/testing';
import { describe, expect, it } from 'vitest';
import longhorn from './index.ts';
import type { BackupTarget, RecurringJob } from './longhorn-crds.ts';

function backupObjects(environment: Environment) {
  const objects = longhorn.units.find((unit) => unit.name === 'backups')!.render(environment);
  return {
    objects,
    target: objects.find((object): object is BackupTarget => object.kind === 'BackupTarget')!,
    jobs: new Map(objects.filter((object): object is RecurringJob => object.kind === 'RecurringJob').map((job) => [job.metadata.name, job])),
  };
}

function variant(base: Environment, overrides: object): Environment {
  return defineEnvironment(base.name, base.sourceFile, overrides, base);
}

const rpo = (value: string) => ({ decisions: { recoveryObjectives: { status: 'locked', value: { rpo: value, rto: '4h' } } } });

describe.each([
  { name: 'prod', retentionDays: 30 },
  { name: 'staging', retentionDays: 14 },
] as const)('Longhorn backups in $name', ({ name, retentionDays }) => {
  const environment = loadEnvironment(name);
  const { target, jobs } = backupObjects(environment);
  const snapshot = jobs.get('snapshot-hourly')!;
  const backup = jobs.get('backup-daily')!;

  it('render an hourly snapshot job and a daily backup job, nothing else', () => {
    expect([...jobs.keys()].sort()).toEqual(['backup-daily', 'snapshot-hourly']);
    expect(snapshot.spec).toMatchObject({ name: 'snapshot-hourly', task: 'snapshot', cron: '0 * * * *' });
    expect(backup.spec).toMatchObject({ name: 'backup-daily', task: 'backup', cron: '0 2 * * *' });
  });

  it('keep the daily backups for the retention decision and hourly snapshots for the day the RPO leaves uncovered', () => {
    expect(environment.decisions.recoveryObjectives.value.rpo).toBe('24h');
    expect(backup.spec.retain).toBe(retentionDays);
    expect(backup.spec.retain).toBe(environment.decisions.s3.value.retentionDays);
    expect(snapshot.spec.retain).toBe(24);
  });

  it('apply to the volume group of the application volumes, one volume at a time', () => {
    for (const job of jobs.values()) {
      expect(job.spec.groups).toEqual(['application-volumes']);
      expect(job.spec.concurrency).toBe(1);
      expect(job.metadata.namespace).toBe('longhorn-system');
    }
  });

  it('back up to the decided bucket, region and prefix with the credential Secret of the contract', () => {
    const { bucket, region, prefix } = environment.decisions.s3.value;
    expect(target.metadata).toMatchObject({ name: 's3', namespace: 'longhorn-system' });
    expect(target.spec.backupTargetURL).toBe(`s3://${bucket}@${region}/${prefix}/longhorn/`);
    expect(target.spec.backupTargetURL).toContain(`open4goods/${name}/`);
    expect(target.spec.credentialSecret).toBe('longhorn-backup-s3');
    const [requirement, ...others] = longhorn.secrets!(environment);
    expect(others).toEqual([]);
    expect(requirement).toMatchObject({ unit: 'backups', name: target.spec.credentialSecret, namespace: 'longhorn-system' });
    expect(requirement!.keys.map((key) => key.name)).toEqual(['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
    expect(requirement!.fixedEntries).toEqual({ AWS_ENDPOINTS: environment.decisions.s3.value.endpoint });
  });
});

describe('the backup schedule follows the RPO and the retention decision', () => {
  const prod = loadEnvironment('prod');

  it('backs up every 6 hours for an RPO of 6h, keeping 30 days of them, and raises Longhorn\u2019s retention limit', () => {
    const environment = variant(prod, rpo('6h'));
    const { jobs } = backupObjects(environment);
    const backup = jobs.get('backup-every-6h')!;
    expect(backup.spec).toMatchObject({ task: 'backup', cron: '0 2-23/6 * * *', retain: 120 });
    expect(jobs.get('snapshot-hourly')!.spec.retain).toBe(6);
    const release = longhorn.units[0]!.render(environment).find((object) => object.kind === 'HelmRelease') as KubernetesObject & { spec: { values: { defaultSettings: Record<string, unknown> } } };
    expect(release.spec.values.defaultSettings.recurringJobMaxRetention).toBe(120);
  });

  it.each([
    ['12h', 'backup-every-12h', '0 2-23/12 * * *'],
    ['5h', 'backup-every-4h', '0 2-23/4 * * *'],
    ['2d', 'backup-daily', '0 2 * * *'],
  ])('an RPO of %s backs up with %s (%s)', (value, jobName, cron) => {
    expect(backupObjects(variant(prod, rpo(value))).jobs.get(jobName)?.spec.cron).toBe(cron);
  });

  it('backs up hourly for an RPO of 90m, which a 7-day retention keeps within Longhorn\u2019s limit', () => {
    const environment = variant(prod, { decisions: { ...rpo('90m').decisions, s3: { status: 'locked', value: { ...prod.decisions.s3.value, retentionDays: 7 } } } });
    expect(backupObjects(environment).jobs.get('backup-every-1h')?.spec).toMatchObject({ cron: '0 * * * *', retain: 168 });
  });

  it('leaves recurringJobMaxRetention at Longhorn\u2019s default when 100 is enough', () => {
    const release = longhorn.units[0]!.render(prod).find((object) => object.kind === 'HelmRelease') as KubernetesObject & { spec: { values: { defaultSettings: Record<string, unknown> } } };
    expect(release.spec.values.defaultSettings).not.toHaveProperty('recurringJobMaxRetention');
  });

  it('refuses an RPO below one hour, naming the decision', () => {
    const environment = variant(prod, rpo('30m'));
    expect(() => backupObjects(environment)).toThrow(BuildInputError);
    expect(() => backupObjects(environment)).toThrow(/packages\/environments\/src\/prod\.ts: decisions\.recoveryObjectives\.value\.rpo: an RPO of 30m cannot be met/);
  });

  it('refuses a retention Longhorn cannot keep, saying how many days it can', () => {
    const environment = variant(prod, { ...rpo('1h'), decisions: { ...rpo('1h').decisions, s3: { status: 'locked', value: { ...prod.decisions.s3.value, retentionDays: 30 } } } });
    expect(() => backupObjects(environment)).toThrow(/720 backups per volume; Longhorn keeps at most 250[\s\S]*keep at most 10 days/);
  });
});

describe('SSE-KMS', () => {
  it('warns that Longhorn cannot request it per object', () => {
    const prod = loadEnvironment('prod');
    const kms = variant(prod, { decisions: { s3: { status: 'locked', value: { ...prod.decisions.s3.value, encryption: { mode: 'SSE-KMS', kmsKeyId: 'key-1' } } } } });
    expect(longhorn.warnings!(kms).some((warning) => warning.includes('SSE-KMS') && warning.includes('key-1'))).toBe(true);
    expect(longhorn.warnings!(prod).some((warning) => warning.includes('SSE-KMS'))).toBe(false);
  });
});

describe.runIf(referenceAvailable('crds/longhorn-recurringjob.yaml') && referenceAvailable('crds/longhorn-backuptarget.yaml'))(
  'Longhorn objects against the CRDs of Longhorn 1.12',
  () => {
    const crdFiles: Record<string, string> = { RecurringJob: 'crds/longhorn-recurringjob.yaml', BackupTarget: 'crds/longhorn-backuptarget.yaml' };
    const prod = loadEnvironment('prod');
    const environments = [prod, loadEnvironment('staging'), variant(prod, rpo('6h'))];

    it.each(environments.map((environment, index) => [index, environment] as const))('every custom resource of environment #%i passes its CRD schema', (_index, environment) => {
      const custom = backupObjects(environment).objects.filter((object) => object.apiVersion.startsWith('longhorn.io/'));
      expect(custom.length).toBe(3);
      for (const object of custom) expect(crdValidationErrors(crdFiles[object.kind]!, object), `${object.kind}/${object.metadata?.name}`).toEqual([]);
    });
  },
);
