import type { Environment } from '@open4goods/environments';
import { fluxNamespace, hardenedContainerSecurityContext, hardenedPodSecurityContext, imageFor, storageClassNames } from '@open4goods/kit';
import { mysqlDataClaimName, mysqlName, mysqlUid } from '@open4goods/mysql';
import { xwikiDataClaimName, xwikiName, xwikiUid } from '@open4goods/xwiki';
import { rcloneImage } from '../images.ts';
import { xwikiDocumentTable } from '../restore-test.ts';
import { factsOf, fluxKustomizations } from './facts.ts';
import { code, document, heading, list, paragraph, shell, steps, table } from './markdown.ts';

export const restoreLonghornVolumeRunbookPath = 'docs/runbooks/restore-longhorn-volume.md';

/** Longhorn's install namespace (the longhorn package installs it there). */
const longhornNamespace = 'longhorn-system';

interface VolumeUse {
  readonly claim: string;
  readonly storageClass: string;
  readonly workload: string;
  readonly kustomization: string;
  readonly uid: number;
  readonly check: (namespace: string) => string;
}

const volumes: readonly VolumeUse[] = [
  {
    claim: mysqlDataClaimName,
    storageClass: storageClassNames.database,
    workload: `statefulset/${mysqlName}`,
    kustomization: fluxKustomizations.mysql,
    uid: mysqlUid,
    check: (namespace) =>
      `kubectl -n ${namespace} exec ${mysqlName}-0 -- sh -c 'MYSQL_PWD="$MYSQL_PASSWORD" mysql -u"$MYSQL_USER" "$MYSQL_DATABASE" -e "CHECK TABLE ${xwikiDocumentTable}; SELECT COUNT(*) FROM ${xwikiDocumentTable}"'`,
  },
  {
    claim: xwikiDataClaimName,
    storageClass: storageClassNames.general,
    workload: `deployment/${xwikiName}`,
    kustomization: fluxKustomizations.xwiki,
    uid: xwikiUid,
    check: (namespace) => `kubectl -n ${namespace} rollout status deployment/${xwikiName} --timeout=30m   # then open pages with attachments`,
  },
];

/** The copy pod: mounts the restored claim read-only and the workload's claim, as the workload's user. */
function copyPod(environment: Environment, volume: VolumeUse): string {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `restore-copy-${volume.claim}`, namespace: environment.appNamespace },
    spec: {
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      securityContext: hardenedPodSecurityContext({ runAsUser: volume.uid }),
      containers: [
        {
          name: 'copy',
          image: imageFor(environment, rcloneImage),
          // The target is emptied first: MySQL would take a leftover directory in its data directory for a database.
          command: ['sh', '-euc', 'find /target -mindepth 1 -delete && cp -a /restored/. /target/ && du -sh /target && echo copied'],
          securityContext: hardenedContainerSecurityContext(),
          volumeMounts: [
            { name: 'restored', mountPath: '/restored', readOnly: true },
            { name: 'target', mountPath: '/target' },
          ],
        },
      ],
      volumes: [
        { name: 'restored', persistentVolumeClaim: { claimName: `${volume.claim}-restored`, readOnly: true } },
        { name: 'target', persistentVolumeClaim: { claimName: volume.claim } },
      ],
    },
  };
  return JSON.stringify(pod, null, 2);
}

/** Restore a volume (MySQL's data directory or XWiki's permanent directory) from a Longhorn backup. */
export function restoreLonghornVolumeRunbook(environments: readonly Environment[]): string {
  const facts = environments.map(factsOf);
  return document(
    heading(1, 'Restore a Longhorn volume from a backup'),
    paragraph(
      'Longhorn backs up volumes to the backup target with the recurring jobs of the longhorn package (the third net, beside the dumps and the',
      'XAR exports). It is the only backup of what lives on the XWiki volume and not in the database: attachments stored on the filesystem,',
      'installed extensions, the search index. Use it when a volume is lost or corrupted; for the database, a dump (restore-mysql.md) is',
      'usually quicker and more precise.',
    ),
    paragraph(
      'The restore never replaces a claim: Kubernetes objects stay as git and Flux know them. A backup is restored into a new Longhorn',
      'volume, exposed as a second claim, and copied into the workload\'s own claim while the workload is stopped.',
    ),
    table(
      ['claim', 'StorageClass', 'workload', 'Flux Kustomization', 'files owned by uid'],
      volumes.map((volume) => [code(volume.claim), code(volume.storageClass), code(volume.workload), code(volume.kustomization), String(volume.uid)]),
    ),
    paragraph(`Namespaces: ${facts.map((fact) => `${fact.environment.name} ${code(fact.namespace)}`).join(', ')}. Longhorn runs in ${code(longhornNamespace)}.`),
    heading(2, 'Rights needed'),
    list([
      `Longhorn's UI (or ${code('kubectl')} on ${code(`${longhornNamespace}`)}) to restore a backup and create a PV/PVC for it.`,
      `${code('kubectl')} in the application namespace (scale, create a pod), ${code('flux')} to suspend and resume Kustomizations.`,
    ]),
    heading(2, 'Steps'),
    steps([
      `Find the Longhorn volume of the claim and its backups (the volume is named after the claim's PV):\n${shell(
        `kubectl -n <namespace> get pvc <claim> -o jsonpath='{.spec.volumeName}'`,
        `kubectl -n ${longhornNamespace} get backupvolumes.longhorn.io`,
        `kubectl -n ${longhornNamespace} get backups.longhorn.io -l backup-volume=<volume> --sort-by=.status.backupCreatedAt`,
      )}`,
      `Stop the workload, and Flux first so it does not start it again:\n${shell(
        `flux -n ${fluxNamespace} suspend kustomization <Flux Kustomization>`,
        'kubectl -n <namespace> scale <workload> --replicas=0',
      )}`,
      'In the Longhorn UI, Backup > the volume > the backup to restore > Restore. Name the new volume `<claim>-restored`, keep the number of replicas of the StorageClass above, and wait until the restore finishes (the volume shows Detached and its restore progress is 100 %).',
      'On the restored volume, "Create PV/PVC": namespace the application namespace, claim name `<claim>-restored`.',
      'Copy the restored files into the workload\'s claim with the pod of the table below (it empties the claim first, then copies with owners and modes kept), and read its log:\n' +
        shell('kubectl apply -f copy-pod.json', 'kubectl -n <namespace> logs -f pod/restore-copy-<claim>   # ends with "copied"', 'kubectl -n <namespace> delete pod restore-copy-<claim>'),
      `Resume Flux, which starts the workload again, and check:\n${shell(`flux -n ${fluxNamespace} resume kustomization <Flux Kustomization>`)}`,
      'When the checks pass, delete the `<claim>-restored` claim and its Longhorn volume. Until then they are the way back.',
    ]),
    heading(2, 'Copy pods and checks'),
    ...facts.flatMap((fact) =>
      volumes.map((volume) =>
        [
          heading(3, `${fact.environment.name}: ${volume.claim}`),
          shell(`kubectl apply -f - <<'EOF'`, copyPod(fact.environment, volume), 'EOF'),
          paragraph('Check after the restart:'),
          shell(volume.check(fact.namespace)),
        ].join('\n'),
      ),
    ),
  );
}
