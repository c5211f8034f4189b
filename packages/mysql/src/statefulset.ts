import type { Environment } from '@open4goods/environments';
import {
  BuildInputError,
  ImageReference,
  execProbe,
  hardenedContainerSecurityContext,
  hardenedPodSecurityContext,
  httpGetProbe,
  imageFor,
  livenessTiming,
  readinessTiming,
  resourcePresets,
  resourceRequirements,
  standardLabels,
  startupTiming,
  storageClassNames,
} from '@open4goods/kit';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { createHash } from 'node:crypto';
import { renderMysqlConfiguration } from './config.ts';
import { mysqlSelectorLabels } from './selectors.ts';
import { mysqlImage, mysqldExporterImage } from './images.ts';
import {
  mysqlConfigMapName,
  mysqlCredentialKeys,
  mysqlCredentialsSecretName,
  mysqlDataPath,
  mysqlDataVolumeClaimTemplateName,
  mysqlExporterExtraCollectors,
  mysqlExporterPort,
  mysqlExporterPortName,
  mysqlExporterUser,
  mysqlHeadlessServiceName,
  mysqlInitScriptsConfigMapName,
  mysqlName,
  mysqlPort,
  mysqlPortName,
  mysqlSocketDirectory,
  mysqlUid,
} from './names.ts';

/** StorageClass with three replicas and xfs, made for databases by the longhorn package. */
export const mysqlStorageClassName = storageClassNames.database;

function secretEnv(name: string, key: string) {
  return { name, valueFrom: { secretKeyRef: { name: mysqlCredentialsSecretName, key } } };
}

/** The MySQL image must belong to the series the environment locked (decisions.mysqlVersion). */
export function mysqlImageFor(environment: Environment): string {
  const series = environment.decisions.mysqlVersion.value;
  const tag = ImageReference.parse(mysqlImage).tag ?? '';
  if (tag !== series && !tag.startsWith(`${series}.`)) {
    throw new BuildInputError(
      mysqlImage.file,
      mysqlImage.constant,
      `tag "${tag}" is not in MySQL series ${series} decided in ${environment.sourceFile} (decisions.mysqlVersion)`,
      `use a mysql:${series}.x image, or change the decision first`,
    );
  }
  return imageFor(environment, mysqlImage);
}

/** The version label: the image tag without digest. */
function mysqlVersionOf(): string {
  return ImageReference.parse(mysqlImage).tag ?? 'unknown';
}

/**
 * MySQL as a one-replica StatefulSet, hardened for Pod Security `restricted`: uid 999 (the
 * image's mysql user, so the entrypoint never needs root), read-only root filesystem with
 * emptyDirs for the socket directory and /tmp, and a mysqld-exporter sidecar on loopback.
 */
export function renderMysqlStatefulSet(environment: Environment): StatefulSet {
  const labels = standardLabels({ name: mysqlName, component: 'database', version: mysqlVersionOf() });
  const configuration = renderMysqlConfiguration(environment);
  return new StatefulSet({
    metadata: { name: mysqlName, namespace: environment.appNamespace, labels },
    spec: {
      serviceName: mysqlHeadlessServiceName,
      replicas: 1,
      selector: { matchLabels: mysqlSelectorLabels },
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate' },
      // Deleting or scaling the StatefulSet must never delete the database volume.
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      template: {
        metadata: {
          labels,
          // A configuration change restarts the pod: mysqld reads my.cnf only at start.
          annotations: { 'open4goods.org/config-sha256': createHash('sha256').update(configuration).digest('hex') },
        },
        spec: {
          serviceAccountName: mysqlName,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          // InnoDB flushes on shutdown; give it time rather than a SIGKILL.
          terminationGracePeriodSeconds: 90,
          securityContext: hardenedPodSecurityContext({ runAsUser: mysqlUid }),
          containers: [
            {
              name: 'mysql',
              image: mysqlImageFor(environment),
              env: [
                secretEnv('MYSQL_ROOT_PASSWORD', mysqlCredentialKeys.rootPassword),
                // root only through the socket: no remote root login at all.
                { name: 'MYSQL_ROOT_HOST', value: 'localhost' },
                { name: 'MYSQL_DATABASE', value: environment.mysql.database },
                { name: 'MYSQL_USER', value: environment.mysql.user },
                secretEnv('MYSQL_PASSWORD', mysqlCredentialKeys.userPassword),
                secretEnv('MYSQLD_EXPORTER_PASSWORD', mysqlCredentialKeys.exporterPassword),
                secretEnv('MYSQL_SMOKE_PASSWORD', mysqlCredentialKeys.smokePassword),
              ],
              ports: [{ name: mysqlPortName, containerPort: mysqlPort, protocol: 'TCP' }],
              resources: resourceRequirements(environment.mysql.resources),
              securityContext: hardenedContainerSecurityContext(),
              // Over TCP, so it fails while the entrypoint's temporary init server runs with --skip-networking.
              startupProbe: execProbe(['mysqladmin', 'ping', '--protocol=TCP', '--host=127.0.0.1', `--port=${mysqlPort}`, '--silent'], startupTiming(600)),
              // Alive: the server answers on its socket (a denied login still proves it is up).
              livenessProbe: execProbe(['mysqladmin', 'ping', '--silent'], livenessTiming),
              // Ready: it executes a query. MYSQL_PWD keeps the password out of the process list.
              readinessProbe: execProbe(['sh', '-c', 'MYSQL_PWD="$MYSQL_ROOT_PASSWORD" mysql --protocol=SOCKET --user=root --execute="SELECT 1" >/dev/null'], readinessTiming),
              volumeMounts: [
                { name: mysqlDataVolumeClaimTemplateName, mountPath: mysqlDataPath },
                { name: 'run', mountPath: mysqlSocketDirectory },
                { name: 'tmp', mountPath: '/tmp' },
                { name: 'config', mountPath: '/etc/mysql/conf.d', readOnly: true },
                { name: 'initdb', mountPath: '/docker-entrypoint-initdb.d', readOnly: true },
              ],
            },
            {
              name: 'exporter',
              image: imageFor(environment, mysqldExporterImage),
              args: [`--mysqld.address=127.0.0.1:${mysqlPort}`, `--mysqld.username=${mysqlExporterUser}`, `--web.listen-address=:${mysqlExporterPort}`, ...mysqlExporterExtraCollectors],
              env: [secretEnv('MYSQLD_EXPORTER_PASSWORD', mysqlCredentialKeys.exporterPassword)],
              ports: [{ name: mysqlExporterPortName, containerPort: mysqlExporterPort, protocol: 'TCP' }],
              resources: resourceRequirements(resourcePresets.sidecar),
              securityContext: hardenedContainerSecurityContext(),
              livenessProbe: httpGetProbe('/', mysqlExporterPortName, livenessTiming),
              readinessProbe: httpGetProbe('/', mysqlExporterPortName, readinessTiming),
            },
          ],
          volumes: [
            { name: 'run', emptyDir: { medium: 'Memory', sizeLimit: '16Mi' } },
            { name: 'tmp', emptyDir: { sizeLimit: '2Gi' } },
            { name: 'config', configMap: { name: mysqlConfigMapName } },
            { name: 'initdb', configMap: { name: mysqlInitScriptsConfigMapName } },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: mysqlDataVolumeClaimTemplateName, labels: mysqlSelectorLabels },
          spec: {
            accessModes: ['ReadWriteOnce'],
            storageClassName: mysqlStorageClassName,
            resources: { requests: { storage: environment.mysql.storageSize } },
          },
        },
      ],
    },
  });
}
