import type { RenderedEnvironment } from '../engine/render.ts';
import { secretInventory, supplyCommand, vaultStoresOf } from '../status/secret-inventory.ts';

export const platformSecretsDocument = 'docs/runbooks/platform-secrets.md';

const cell = (text: string) => text.replace(/\|/g, '\\|');

/**
 * Every Secret of the components' secret contracts, per environment, with the exact Vault path
 * and properties its ExternalSecret reads (or its SOPS file) and the command that supplies it.
 */
export function renderPlatformSecretsDocument(renders: readonly RenderedEnvironment[]): string {
  const sections = renders.map((render) => {
    const { environment } = render;
    const entries = secretInventory(render);
    const stores = vaultStoresOf(render).map(
      (store) =>
        `The ClusterSecretStore \`${store.name}\` reads KV v2 at \`${store.server}\`, mount \`${store.kvMount}\`, ` +
        `logging in with Kubernetes auth mount \`${store.authMountPath}\` and role \`${store.role}\`.`,
    );
    return [
      `## ${environment.name}`,
      '',
      ...stores,
      ...(stores.length > 0 ? [''] : []),
      `${entries.length} Secrets (\`${environment.sourceFile}\`):`,
      '',
      '| unit | Secret | what | keys | from |',
      '| --- | --- | --- | --- | --- |',
      ...entries.map((entry) => {
        const from = entry.source.kind === 'vault' ? `Vault \`${entry.source.path}\`` : `SOPS \`${entry.source.file}\``;
        const keys = entry.requirement.keys.map((key) => `\`${key.name}\``).join(', ');
        return `| \`${entry.unit}\` | \`${entry.requirement.namespace}/${entry.requirement.name}\` | ${cell(entry.requirement.description)} | ${keys} | ${from} |`;
      }),
      '',
      'Supply them (replace each `…`):',
      '',
      '```sh',
      ...entries.map(supplyCommand),
      '```',
    ].join('\n');
  });
  return [
    '# Secrets of the platform',
    '',
    'Every Secret the components declare in their secret contracts, per environment, as the build',
    'supplies it: from the Vault path its ExternalSecret reads, or from its SOPS file when',
    '`clusters/<env>/secrets/<namespace>.<name>.sops.yaml` exists. Vault\'s side (auth method,',
    'policy, role): [platform-bootstrap.md](platform-bootstrap.md); SOPS and rotation:',
    '[secrets.md](secrets.md). `npx o4g status <env>` shows the same per unit.',
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}
