import { defineEnvironment, defaultSettings, loadEnvironment, locked } from '@open4goods/environments';
import { hstsMaxAgeSeconds } from '@open4goods/ingress';
import { fluxForceAnnotation, smokeCheckLabel } from '@open4goods/kit';
import type { Job } from 'kubernetes-models/batch/v1/Job';
import { describe, expect, it } from 'vitest';
import { backupFolderMaxAges, renderSmokeChecks, smokeSecretRequirements } from './checks.ts';
import { checkedRevisionAnnotation, smokeJobNames } from './names.ts';
import { type SmokeScriptFile, readSmokeScript, smokeScriptsMountPath } from './scripts.ts';

const jobsOf = (objects: ReturnType<typeof renderSmokeChecks>) => objects.filter((object): object is Job => object.kind === 'Job');
const variablesOf = (job: Job) => Object.fromEntries(job.spec!.template.spec!.containers[0]!.env!.map((variable) => [variable.name, variable.value ?? variable.valueFrom]));
const jobNamed = (objects: ReturnType<typeof renderSmokeChecks>, name: string) => jobsOf(objects).find((job) => job.metadata!.name === name)!;

describe.each(['prod', 'staging'] as const)('the smoke checks of %s', (name) => {
  const environment = loadEnvironment(name);
  const objects = renderSmokeChecks(environment);
  const jobs = jobsOf(objects);

  it('are three Jobs in the application namespace, each labelled with its check for the NetworkPolicies', () => {
    expect(jobs.map((job) => job.metadata!.name)).toEqual(['smoke-mysql-crud', 'smoke-xwiki-ingress', 'smoke-backups-present']);
    for (const job of jobs) {
      expect(job.metadata!.namespace).toBe(environment.appNamespace);
      expect(job.spec!.template.metadata!.labels![smokeCheckLabel]).toBe(job.metadata!.name!.replace(/^smoke-/, ''));
    }
  });

  it('run hardened: non-root, read-only root, no capability, no API token, no retry inside the pod', () => {
    for (const job of jobs) {
      const pod = job.spec!.template.spec!;
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
      expect(pod.securityContext!.runAsUser).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
        expect(container.image).toMatch(/@sha256:[0-9a-f]{64}$/);
        expect(container.resources!.limits!.memory).toBeDefined();
      }
    }
  });

  it('are bounded in time, retried once, cleaned up after smoke.rerunAfter and recreated by Flux when they change', () => {
    for (const job of jobs) {
      expect(job.spec!.backoffLimit).toBe(1);
      expect(job.spec!.activeDeadlineSeconds).toBeGreaterThan(0);
      expect(job.spec!.activeDeadlineSeconds).toBeLessThanOrEqual(600);
      expect(job.spec!.ttlSecondsAfterFinished).toBe(24 * 3600);
      expect(job.metadata!.annotations).toMatchObject(fluxForceAnnotation);
      expect(job.spec!.template.metadata!.annotations![checkedRevisionAnnotation]).toMatch(/^[0-9a-f]{16}$/);
    }
  });

  it("run a script of the ConfigMap that reads every variable the Job gives it (rclone reads the remote's own)", () => {
    const configMap = objects.find((object) => object.kind === 'ConfigMap')!;
    for (const job of jobs) {
      const container = job.spec!.template.spec!.containers[0]!;
      const file = container.command!.at(-1)!.replace(`${smokeScriptsMountPath}/`, '') as SmokeScriptFile;
      expect((configMap as { data?: Record<string, string> }).data![file]).toBe(readSmokeScript(file));
      for (const variable of container.env!.map((candidate) => candidate.name).filter((name) => !name.startsWith('RCLONE_') && name !== 'HOME')) {
        expect(readSmokeScript(file), `${file} reads ${variable}`).toContain(variable);
      }
    }
  });

  it('connect to MySQL as the smoke account with its own password, with the bounds of the environment', () => {
    const crud = jobNamed(objects, smokeJobNames['mysql-crud']);
    expect(variablesOf(crud)).toEqual({
      DATABASE_HOST: 'mysql',
      DATABASE_PORT: '3306',
      DATABASE_USER: 'smoke',
      MYSQL_PWD: { secretKeyRef: { name: 'mysql-credentials', key: 'smoke-password' } },
      SMOKE_DATABASE: 'smoke',
      SMOKE_ROWS: String(environment.smoke.mysqlCrud.rows),
      SMOKE_MAX_P50_MS: String(environment.smoke.mysqlCrud.maxP50Milliseconds),
      SMOKE_MAX_P95_MS: String(environment.smoke.mysqlCrud.maxP95Milliseconds),
    });
    expect(crud.spec!.template.spec!.containers[0]!.image).toMatch(/^mysql:8\.4\./);
  });

  it("call the wiki's host name and expect the HSTS the ingress sets and the issuer of the environment", () => {
    const variables = variablesOf(jobNamed(objects, smokeJobNames['xwiki-ingress']));
    expect(variables).toMatchObject({ SMOKE_FQDN: environment.decisions.fqdn.value.xwiki, SMOKE_HSTS_MAX_AGE: String(hstsMaxAgeSeconds) });
    // Prod must show a publicly trusted Let's Encrypt certificate; staging's comes from the untrusted staging CA.
    expect([variables.SMOKE_EXPECTED_ISSUER, variables.SMOKE_VERIFY_CHAIN]).toEqual(name === 'prod' ? ["Let's Encrypt", 'true'] : ["(STAGING) Let's Encrypt", 'false']);
  });

  it('read the backups with read-only keys of their own, each folder against the RPO, the dumps and exports by their names', () => {
    const variables = variablesOf(jobNamed(objects, smokeJobNames['backups-present']));
    expect(variables).toMatchObject({
      S3_BUCKET: environment.decisions.s3.value.bucket,
      S3_PREFIX: environment.decisions.s3.value.prefix,
      SMOKE_BACKUP_FOLDERS: 'mysql=86400 xwiki=86400 longhorn=86400',
      // The names the backup jobs of this environment write (<environment>-<database>-<timestamp>.sql.gz, <environment>-xwiki-<timestamp>.xar).
      SMOKE_BACKUP_NAMES: `mysql=${name}-${environment.mysql.database}.sql.gz xwiki=${name}-xwiki.xar`,
      RCLONE_CONFIG_BACKUP_ACCESS_KEY_ID: { secretKeyRef: { name: 'smoke-s3-credentials', key: 'access-key-id' } },
    });
    expect(smokeSecretRequirements(environment).map((requirement) => `${requirement.namespace}/${requirement.name}: ${requirement.keys.map((key) => key.name).join(', ')}`)).toEqual([
      `${environment.appNamespace}/smoke-s3-credentials: access-key-id, secret-access-key`,
    ]);
  });
});

describe('the smoke checks follow the environment', () => {
  const file = 'packages/smoke/src/checks.test.ts';
  const revisionOf = (objects: ReturnType<typeof renderSmokeChecks>) => jobsOf(objects).map((job) => job.spec!.template.metadata!.annotations![checkedRevisionAnnotation]);

  it('take their latency bounds and row count from smoke.mysqlCrud', () => {
    const environment = defineEnvironment('fixture', file, { smoke: { mysqlCrud: { rows: 500, maxP50Milliseconds: 5, maxP95Milliseconds: 40 } } });
    expect(variablesOf(jobNamed(renderSmokeChecks(environment), smokeJobNames['mysql-crud']))).toMatchObject({ SMOKE_ROWS: '500', SMOKE_MAX_P50_MS: '5', SMOKE_MAX_P95_MS: '40' });
  });

  it('check hourly backups against an hourly RPO, the daily XAR export against its day', () => {
    const environment = defineEnvironment('fixture', file, { decisions: { recoveryObjectives: locked({ rpo: '1h', rto: '4h' }) } });
    expect(backupFolderMaxAges(environment)).toEqual({ mysql: 3600, xwiki: 86400, longhorn: 3600 });
  });

  it('change revision, and so run again, when what they check changes, and only then', () => {
    const base = defineEnvironment('fixture', file, {});
    const same = defineEnvironment('fixture', file, {});
    const otherDatabase = defineEnvironment('fixture', file, { mysql: { maxConnections: defaultSettings.mysql.maxConnections + 1 } });
    expect(revisionOf(renderSmokeChecks(same))).toEqual(revisionOf(renderSmokeChecks(base)));
    expect(revisionOf(renderSmokeChecks(otherDatabase))[0]).not.toBe(revisionOf(renderSmokeChecks(base))[0]);
  });

  it('keep the cleanup pace of smoke.rerunAfter', () => {
    const environment = defineEnvironment('fixture', file, { smoke: { rerunAfter: '6h' } });
    for (const job of jobsOf(renderSmokeChecks(environment))) expect(job.spec!.ttlSecondsAfterFinished).toBe(6 * 3600);
  });
});
