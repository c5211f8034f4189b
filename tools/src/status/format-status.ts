import type { EnvironmentReport } from '../engine/plan.ts';
import type { RenderedEnvironment } from '../engine/render.ts';
import { labelledRows, terminalWidth } from '../text-wrap.ts';
import { type SecretEntry, secretInventory, vaultStoresOf } from './secret-inventory.ts';
import { shortImage, summarizeUnit } from './unit-summary.ts';

function describeSource(entry: SecretEntry): string {
  const keys = entry.requirement.keys.map((key) => key.name).join(', ');
  const where = entry.source.kind === 'vault' ? `Vault ${entry.source.path}` : `SOPS ${entry.source.file}`;
  return `${entry.requirement.namespace}/${entry.requirement.name} from ${where} (${keys})`;
}

/** `o4g status`: per unit, what it deploys and what it needs, instead of the YAML. */
export function formatStatus(render: RenderedEnvironment, report: EnvironmentReport): string {
  const { environment } = render;
  const secrets = secretInventory(render);
  const summaries = render.units.map(summarizeUnit);
  const objectCount = summaries.reduce((sum, summary) => sum + summary.objectCount, 0);
  const stores = vaultStoresOf(render).map(
    (store) => `ClusterSecretStore ${store.name}: ${store.server}, KV mount ${store.kvMount}, auth mount ${store.authMountPath}, role ${store.role}`,
  );
  const open = report.openDecisions.map((decision) => decision.name);
  const header = labelledRows(
    [
      ['units', `${summaries.length} units, ${objectCount} objects (${environment.sourceFile})`],
      ...stores.map((store) => ['vault', store] as const),
      ['secrets', `${secrets.length} Secrets: ${secrets.filter((entry) => entry.source.kind === 'vault').length} from Vault, ${secrets.filter((entry) => entry.source.kind === 'sops').length} from SOPS files`],
      [
        'decisions',
        open.length === 0
          ? 'all locked'
          : `${open.length} open (${open.join(', ')})${report.appsSuspended ? ': apps units are suspended until they are locked' : ''}; see o4g decisions ${environment.name}`,
      ],
    ],
    2,
  );
  const blocks = summaries.map((summary) => {
    const suspended = report.appsSuspended && summary.unit.startsWith('apps/');
    const title = `${summary.unit}${suspended ? ' (suspended: open decisions)' : ''}`;
    const count = `${summary.objectCount} object${summary.objectCount === 1 ? '' : 's'}`;
    const rows: [string, string][] = [['kinds', summary.kinds.map(([kind, number]) => `${kind} ${number}`).join(', ')]];
    for (const chart of summary.charts) rows.push(['chart', chart]);
    for (const image of summary.images) rows.push(['image', shortImage(image)]);
    if (summary.hosts.length > 0) rows.push(['hosts', summary.hosts.join(', ')]);
    for (const volume of summary.volumes) rows.push(['volume', `${volume.size}${volume.storageClass ? ` ${volume.storageClass}` : ''}: ${volume.owner}`]);
    for (const entry of secrets.filter((candidate) => candidate.unit === summary.unit)) rows.push(['secret', describeSource(entry)]);
    return [`${title}${' '.repeat(Math.max(1, terminalWidth - title.length - count.length))}${count}`, ...labelledRows(rows, 4, terminalWidth)].join('\n');
  });
  return [`Status of ${environment.name}:`, ...header, '', ...blocks.join('\n\n').split('\n')].join('\n') + '\n';
}
