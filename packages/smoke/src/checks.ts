import backups, { type BackupKind, backupFolderKeyPrefix, backupKinds, backupNameStem, backupObjectKeyPattern, rcloneImage, rcloneRemoteEnvironment, s3CredentialKeys, xwikiExportSchedule } from '@open4goods/backups';
import { issuingAuthorities } from '@open4goods/cert-manager';
import { type Environment, parseDurationSeconds } from '@open4goods/environments';
import { hstsMaxAgeSeconds } from '@open4goods/ingress';
import { type SecretRequirement, imageFor, smokeCheckNames, smokeCheckWorkload, standardLabels } from '@open4goods/kit';
import { longhornBackupFolder } from '@open4goods/longhorn';
import mysql, { mysqlCredentialKeys, mysqlCredentialsSecretName, mysqlImageFor, mysqlPort, mysqlServiceName, mysqlSmokeAccount, mysqlUid } from '@open4goods/mysql';
import xwiki from '@open4goods/xwiki';
import type { Job } from 'kubernetes-models/batch/v1/Job';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IIoK8sApiCoreV1EnvVar } from 'kubernetes-models/v1/EnvVar';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IIoK8sApiCoreV1Volume } from 'kubernetes-models/v1/Volume';
import type { IIoK8sApiCoreV1VolumeMount } from 'kubernetes-models/v1/VolumeMount';
import { curlImage } from './images.ts';
import { smokeJobNames, smokeS3CredentialsSecretName, smokeScriptsConfigMapName, smokeServiceAccountName, smokeUid, smokeUnitNames } from './names.ts';
import { componentsRevision } from './revision.ts';
import { type SmokeScriptFile, readSmokeScript, smokeScriptFiles, smokeScriptsMountPath } from './scripts.ts';
import { renderSmokeJob } from './smoke-job.ts';

const objectLabels = () => standardLabels({ name: 'smoke', component: 'smoke-test' });
const plain = (name: string, value: string | number): IIoK8sApiCoreV1EnvVar => ({ name, value: String(value) });

const scriptsVolume: IIoK8sApiCoreV1Volume = { name: 'scripts', configMap: { name: smokeScriptsConfigMapName, defaultMode: 0o444 } };
const scriptsMount: IIoK8sApiCoreV1VolumeMount = { name: 'scripts', mountPath: smokeScriptsMountPath, readOnly: true };
const scriptPath = (file: SmokeScriptFile) => `${smokeScriptsMountPath}/${file}`;

/** The scripts the application-namespace checks run, as the ConfigMap carries them. */
const checkScripts = [smokeScriptFiles.mysqlCrud, smokeScriptFiles.xwikiIngress, smokeScriptFiles.backupsPresent] as const;

/** The identity of the smoke pods of the application namespace: no API access, so no token. */
export function renderSmokeServiceAccount(environment: Environment): ServiceAccount {
  return new ServiceAccount({
    metadata: { name: smokeServiceAccountName, namespace: environment.appNamespace, labels: objectLabels() },
    automountServiceAccountToken: false,
  });
}

export function renderSmokeScriptsConfigMap(environment: Environment): ConfigMap {
  return new ConfigMap({
    metadata: { name: smokeScriptsConfigMapName, namespace: environment.appNamespace, labels: objectLabels() },
    data: Object.fromEntries(checkScripts.map((file) => [file, readSmokeScript(file)])),
  });
}

/**
 * The revision every check of the application namespace carries: MySQL, XWiki and the backups as
 * rendered for the environment, and the scripts that check them.
 */
function checksRevision(environment: Environment): string {
  return componentsRevision(environment, [mysql, xwiki, backups], Object.fromEntries(checkScripts.map((file) => [file, readSmokeScript(file)])));
}

/**
 * CRUD round trips on MySQL, through its Service, as the smoke account (its scratch database
 * only), with the mysql image's own client; fails above the environment's latency bounds.
 */
export function renderMysqlCrudSmokeJob(environment: Environment, revision: string = checksRevision(environment)): Job {
  const { rows, maxP50Milliseconds, maxP95Milliseconds } = environment.smoke.mysqlCrud;
  return renderSmokeJob({
    environment,
    name: smokeJobNames[smokeCheckNames.mysqlCrud],
    namespace: environment.appNamespace,
    podLabels: smokeCheckWorkload(environment, smokeCheckNames.mysqlCrud).podLabels,
    description: `${rows} inserts, reads, updates and deletes on MySQL as ${mysqlSmokeAccount.user}; p50 at most ${maxP50Milliseconds} ms and p95 at most ${maxP95Milliseconds} ms per operation`,
    revision,
    runAsUser: mysqlUid,
    serviceAccountName: smokeServiceAccountName,
    container: {
      name: 'mysql-crud',
      image: mysqlImageFor(environment),
      command: ['bash', scriptPath(smokeScriptFiles.mysqlCrud)],
      env: [
        plain('DATABASE_HOST', mysqlServiceName),
        plain('DATABASE_PORT', mysqlPort),
        plain('DATABASE_USER', mysqlSmokeAccount.user),
        { name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: mysqlCredentialsSecretName, key: mysqlCredentialKeys.smokePassword } } },
        plain('SMOKE_DATABASE', mysqlSmokeAccount.database),
        plain('SMOKE_ROWS', rows),
        plain('SMOKE_MAX_P50_MS', maxP50Milliseconds),
        plain('SMOKE_MAX_P95_MS', maxP95Milliseconds),
      ],
      volumeMounts: [scriptsMount],
    },
    volumes: [scriptsVolume],
    activeDeadlineSeconds: 600,
  });
}

/**
 * XWiki the way users reach it: its public host name through the ingress controller. HTTPS
 * answers, HTTP redirects to it, HSTS as the ingress configures it, no server version, TLS 1.0
 * and 1.1 refused, a certificate from the environment's issuer (verified where it is publicly trusted).
 */
export function renderXwikiIngressSmokeJob(environment: Environment, revision: string = checksRevision(environment)): Job {
  const fqdn = environment.decisions.fqdn.value.xwiki;
  const authority = issuingAuthorities[environment.acme.server];
  return renderSmokeJob({
    environment,
    name: smokeJobNames[smokeCheckNames.xwikiIngress],
    namespace: environment.appNamespace,
    podLabels: smokeCheckWorkload(environment, smokeCheckNames.xwikiIngress).podLabels,
    description: `https://${fqdn}/ answers, http:// redirects to it, HSTS max-age ${hstsMaxAgeSeconds}, no server version, TLS 1.0 and 1.1 refused, certificate issued by ${authority.issuerOrganization}`,
    revision,
    runAsUser: smokeUid,
    serviceAccountName: smokeServiceAccountName,
    container: {
      name: 'xwiki-ingress',
      image: imageFor(environment, curlImage),
      command: ['sh', scriptPath(smokeScriptFiles.xwikiIngress)],
      env: [
        plain('SMOKE_FQDN', fqdn),
        plain('SMOKE_HSTS_MAX_AGE', hstsMaxAgeSeconds),
        plain('SMOKE_EXPECTED_ISSUER', authority.issuerOrganization),
        // Let's Encrypt's staging roots are in no trust store: there the issuer is checked, not the chain.
        plain('SMOKE_VERIFY_CHAIN', authority.publiclyTrusted ? 'true' : 'false'),
      ],
      volumeMounts: [scriptsMount],
    },
    volumes: [scriptsVolume],
    activeDeadlineSeconds: 300,
  });
}

/**
 * The newest object under each backup folder of the environment's S3 prefix, and how old it may
 * be: the RPO for the MySQL dumps and the Longhorn backups (both run at its pace), and for the
 * XAR export its daily period when the RPO is shorter (the export is the third net, not the RPO's).
 */
export function backupFolderMaxAges(environment: Environment): Record<string, number> {
  const rpoSeconds = parseDurationSeconds(environment.decisions.recoveryObjectives.value.rpo)!;
  return {
    [backupKinds.mysql.folder]: rpoSeconds,
    [backupKinds.xwiki.folder]: Math.max(rpoSeconds, xwikiExportSchedule().periodSeconds),
    [longhornBackupFolder]: rpoSeconds,
  };
}

/**
 * The folders whose backups are files of ours, and their names (`<stem>.<extension>`): there the
 * check reads the newest complete backup and verifies it. Longhorn's store is Longhorn's; only its
 * freshness is checked.
 */
export function verifiedBackupNames(environment: Environment): Record<string, string> {
  return Object.fromEntries(
    (Object.keys(backupKinds) as BackupKind[]).map((kind) => [backupKinds[kind].folder, `${backupNameStem(environment, kind)}.${backupKinds[kind].extension}`]),
  );
}

/**
 * The backups are really there and whole: lists the environment's bucket and reads the newest
 * dump and export (checksum and format) with read-only keys.
 */
export function renderBackupsPresentSmokeJob(environment: Environment, revision: string = checksRevision(environment)): Job {
  const s3 = environment.decisions.s3.value;
  const folders = Object.entries(backupFolderMaxAges(environment));
  const names = verifiedBackupNames(environment);
  return renderSmokeJob({
    environment,
    name: smokeJobNames[smokeCheckNames.backupsPresent],
    namespace: environment.appNamespace,
    podLabels: smokeCheckWorkload(environment, smokeCheckNames.backupsPresent).podLabels,
    description: `the newest complete backup under ${Object.keys(names).map((folder) => `${s3.prefix}/${folder}/`).join(', ')} (matching its .sha256, a readable gzip or XAR) and the newest object under ${folders.filter(([folder]) => !(folder in names)).map(([folder]) => `${s3.prefix}/${folder}/`).join(', ')} of bucket ${s3.bucket} are younger than the RPO (${environment.decisions.recoveryObjectives.value.rpo})`,
    revision,
    runAsUser: smokeUid,
    serviceAccountName: smokeServiceAccountName,
    container: {
      name: 'backups-present',
      image: imageFor(environment, rcloneImage),
      command: ['sh', scriptPath(smokeScriptFiles.backupsPresent)],
      env: [
        ...rcloneRemoteEnvironment(s3, smokeS3CredentialsSecretName),
        // rclone keeps its configuration in memory (RCLONE_CONFIG empty) and its home in /tmp.
        plain('HOME', '/tmp'),
        plain('RCLONE_CONFIG', ''),
        plain('SMOKE_BACKUP_FOLDERS', folders.map(([folder, seconds]) => `${folder}=${seconds}`).join(' ')),
        plain('SMOKE_BACKUP_NAMES', Object.entries(names).map(([folder, name]) => `${folder}=${name}`).join(' ')),
      ],
      volumeMounts: [scriptsMount],
    },
    volumes: [scriptsVolume],
    activeDeadlineSeconds: 300,
  });
}

/** The checks unit: its identity, its scripts and one Job per check. */
export function renderSmokeChecks(environment: Environment) {
  const revision = checksRevision(environment);
  return [
    renderSmokeServiceAccount(environment),
    renderSmokeScriptsConfigMap(environment),
    renderMysqlCrudSmokeJob(environment, revision),
    renderXwikiIngressSmokeJob(environment, revision),
    renderBackupsPresentSmokeJob(environment, revision),
  ];
}

/** Read-only S3 keys for the backups check: it must read the backups, never change them. */
export function smokeSecretRequirements(environment: Environment): SecretRequirement[] {
  const s3 = environment.decisions.s3.value;
  return [
    {
      unit: smokeUnitNames.checks,
      name: smokeS3CredentialsSecretName,
      namespace: environment.appNamespace,
      description: `read-only S3 keys that may list and read s3://${s3.bucket}/${s3.prefix}/ (the backups smoke check)`,
      keys: [
        { name: s3CredentialKeys.accessKeyId, description: `S3 access key id with list and read rights only on s3://${s3.bucket}/${s3.prefix}/` },
        { name: s3CredentialKeys.secretAccessKey, description: 'its secret key' },
      ],
      s3Access: {
        bucket: s3.bucket,
        list: Object.keys(backupFolderMaxAges(environment)).map((folder) => `${s3.prefix}/${folder}/`),
        read: (Object.keys(backupKinds) as BackupKind[]).map((kind) => backupObjectKeyPattern(environment, kind)),
        write: [],
      },
    },
  ];
}
