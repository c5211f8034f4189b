import type { Environment } from '@open4goods/environments';
import {
  ImageReference,
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
} from '@open4goods/kit';
import { mysqlCredentialKeys, mysqlCredentialsSecretName } from '@open4goods/mysql';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import type { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { createHash } from 'node:crypto';
import { databasePasswordPlaceholder } from './hibernate-cfg.ts';
import { hibernateRenderScriptFileName, hibernateRenderScriptVariables } from './hibernate-render-script.ts';
import { xwikiImage } from './images.ts';
import { xwikiJavaOptions } from './java-options.ts';
import {
  xwikiConfigMapName,
  xwikiDataClaimName,
  xwikiHibernateTemplateConfigMapName,
  xwikiHttpPort,
  xwikiHttpPortName,
  xwikiName,
  xwikiSelectorLabels,
  xwikiTomcatConfigMapName,
} from './names.ts';
import { configurationFiles } from './objects.ts';
import {
  databasePasswordDirectory,
  databasePasswordFileName,
  hibernateTemplateDirectory,
  homeDirectory,
  renderedConfigurationDirectory,
  tomcatHostConfigDirectory,
  tomcatLogsDirectory,
  tomcatServerXmlPath,
  tomcatTempDirectory,
  tomcatWorkDirectory,
  webInfDirectory,
  xwikiVolumePath,
} from './paths.ts';

/**
 * The image defines no user of its own; any non-root uid works once every path it writes is a
 * volume. 10001 is above the accounts of its Ubuntu base (system users, and `ubuntu` at 1000).
 */
export const xwikiUid = 10001;

/** XWiki's REST endpoints the probes call (the xwiki-helm chart's choice). */
export const livenessPath = '/rest';
export const readinessPath = '/rest/wikis/xwiki/spaces';

/**
 * A first start creates the schema, installs the flavor's extensions and builds the Solr index;
 * an upgrade runs migrations. Both take minutes; the startup probe waits up to this long.
 */
export const maximumStartupSeconds = 1200;

/** The sha256 of every ConfigMap's data: a change of configuration rolls the pod. */
export function configurationChecksum(configMaps: readonly ConfigMap[]): string {
  const hash = createHash('sha256');
  for (const configMap of [...configMaps].sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!))) {
    for (const key of Object.keys(configMap.data ?? {}).sort()) hash.update(`${configMap.metadata!.name}/${key}\0${configMap.data![key]}\0`);
  }
  return hash.digest('hex');
}

/** Writable scratch space the image needs once its root filesystem is read-only. */
const scratchVolumes = [
  { name: 'tomcat-temp', mountPath: tomcatTempDirectory, sizeLimit: '2Gi' },
  { name: 'tomcat-work', mountPath: tomcatWorkDirectory, sizeLimit: '4Gi' },
  { name: 'tomcat-logs', mountPath: tomcatLogsDirectory, sizeLimit: '1Gi' },
  { name: 'tomcat-host-config', mountPath: tomcatHostConfigDirectory, sizeLimit: '1Mi' },
  { name: 'tmp', mountPath: '/tmp', sizeLimit: '1Gi' },
  { name: 'home', mountPath: homeDirectory, sizeLimit: '256Mi' },
] as const;

/**
 * XWiki 17.3 as a single-replica Deployment that passes Pod Security `restricted`:
 * `catalina.sh run` skips the image entrypoint's first-start rewriting of WEB-INF (it needs root
 * and a writable image), the three files it would write are mounted read-only instead, and
 * hibernate.cfg.xml, which carries the database password, is rendered by an init container into
 * an in-memory volume. `Recreate`, because the data volume is ReadWriteOnce and two XWiki
 * instances must never share a permanent directory.
 */
export function renderXwikiDeployment(environment: Environment, configMaps: readonly ConfigMap[]): Deployment {
  const image = imageFor(environment, xwikiImage);
  const labels = standardLabels({ name: xwikiName, component: 'wiki', version: ImageReference.parse(xwikiImage).tag ?? 'unknown' });
  const webInfFile = (volume: string, file: string, subPath = file) => ({ name: volume, mountPath: `${webInfDirectory}/${file}`, subPath, readOnly: true });
  return new Deployment({
    metadata: { name: xwikiName, namespace: environment.appNamespace, labels },
    spec: {
      replicas: 1,
      strategy: { type: 'Recreate' },
      revisionHistoryLimit: 3,
      // Longer than the startup probe's budget, so a slow first start is not reported as failed.
      progressDeadlineSeconds: maximumStartupSeconds + 600,
      selector: { matchLabels: { ...xwikiSelectorLabels } },
      template: {
        metadata: { labels, annotations: { 'open4goods.org/config-sha256': configurationChecksum(configMaps) } },
        spec: {
          serviceAccountName: xwikiName,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          terminationGracePeriodSeconds: 60,
          securityContext: hardenedPodSecurityContext({ runAsUser: xwikiUid }),
          initContainers: [
            {
              name: 'render-hibernate-cfg',
              image,
              command: ['bash', `${hibernateTemplateDirectory}/${hibernateRenderScriptFileName}`],
              env: [
                { name: hibernateRenderScriptVariables.template, value: `${hibernateTemplateDirectory}/${configurationFiles.hibernateTemplate}` },
                { name: hibernateRenderScriptVariables.passwordFile, value: `${databasePasswordDirectory}/${databasePasswordFileName}` },
                { name: hibernateRenderScriptVariables.output, value: `${renderedConfigurationDirectory}/${configurationFiles.hibernateTemplate}` },
                { name: hibernateRenderScriptVariables.placeholder, value: databasePasswordPlaceholder },
              ],
              resources: resourceRequirements(resourcePresets.init),
              securityContext: hardenedContainerSecurityContext(),
              volumeMounts: [
                { name: 'hibernate-template', mountPath: hibernateTemplateDirectory, readOnly: true },
                { name: 'database-password', mountPath: databasePasswordDirectory, readOnly: true },
                { name: 'rendered-config', mountPath: renderedConfigurationDirectory },
              ],
            },
          ],
          containers: [
            {
              name: 'xwiki',
              image,
              // Anything but "xwiki" is exec'd as is by the entrypoint: no first-start configuration.
              args: ['catalina.sh', 'run'],
              env: [
                { name: 'JAVA_OPTS', value: xwikiJavaOptions(environment).join(' ') },
                { name: 'HOME', value: homeDirectory },
              ],
              ports: [{ name: xwikiHttpPortName, containerPort: xwikiHttpPort, protocol: 'TCP' }],
              resources: resourceRequirements(environment.xwiki.resources),
              securityContext: hardenedContainerSecurityContext(),
              startupProbe: httpGetProbe(livenessPath, xwikiHttpPortName, startupTiming(maximumStartupSeconds)),
              livenessProbe: httpGetProbe(livenessPath, xwikiHttpPortName, livenessTiming),
              readinessProbe: httpGetProbe(readinessPath, xwikiHttpPortName, readinessTiming),
              volumeMounts: [
                { name: 'data', mountPath: xwikiVolumePath },
                webInfFile('xwiki-config', configurationFiles.xwikiCfg),
                webInfFile('xwiki-config', configurationFiles.xwikiProperties),
                webInfFile('rendered-config', configurationFiles.hibernateTemplate),
                { name: 'tomcat-config', mountPath: tomcatServerXmlPath, subPath: configurationFiles.serverXml, readOnly: true },
                ...scratchVolumes.map(({ name, mountPath }) => ({ name, mountPath })),
              ],
            },
          ],
          volumes: [
            { name: 'data', persistentVolumeClaim: { claimName: xwikiDataClaimName } },
            { name: 'xwiki-config', configMap: { name: xwikiConfigMapName } },
            { name: 'tomcat-config', configMap: { name: xwikiTomcatConfigMapName } },
            { name: 'hibernate-template', configMap: { name: xwikiHibernateTemplateConfigMapName } },
            {
              name: 'database-password',
              // Only the application user's password, readable by the pod's group only.
              secret: { secretName: mysqlCredentialsSecretName, items: [{ key: mysqlCredentialKeys.userPassword, path: databasePasswordFileName }], defaultMode: 0o440 },
            },
            // In memory: the rendered file holds the password and must never reach the node's disk.
            { name: 'rendered-config', emptyDir: { medium: 'Memory', sizeLimit: '1Mi' } },
            ...scratchVolumes.map(({ name, sizeLimit }) => ({ name, emptyDir: { sizeLimit } })),
          ],
        },
      },
    },
  });
}
