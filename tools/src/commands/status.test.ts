import { describe, expect, it } from 'vitest';
import { main } from '../cli.ts';
import { planBuild } from '../engine/plan.ts';
import { objectsOf } from '../engine/render.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { buildInputOf, loadWorkspace } from '../workspace.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['--root', repositoryRoot, ...argv], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const plan = planBuild(buildInputOf(loadWorkspace(repositoryRoot)));

describe.each(['prod', 'staging'])('o4g status %s', (environment) => {
  const render = plan.renders.find((candidate) => candidate.environment.name === environment)!;
  const objects = objectsOf(render);

  it('fits in 100 columns and has one block per unit with its object count', async () => {
    const { code, out } = await run('status', environment);
    expect(code).toBe(0);
    for (const line of out.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
    for (const unit of render.units) {
      const count = `${unit.objects.length} object${unit.objects.length === 1 ? '' : 's'}`;
      expect(out).toMatch(new RegExp(`^${unit.node.id}( \\(suspended: open decisions\\))? +${count}$`, 'm'));
    }
  });

  it('names every Secret with the Vault path its ExternalSecret reads, under the ClusterSecretStore it renders', async () => {
    const { out } = await run('status', environment);
    const externalSecrets = objects.filter((object) => object.kind === 'ExternalSecret');
    expect(externalSecrets.length).toBeGreaterThan(0);
    const flat = out.replace(/\s+/g, ' ');
    expect(flat.match(/ secret \S+ from Vault /g)).toHaveLength(externalSecrets.length);
    for (const secret of externalSecrets) {
      const key = (secret.spec as { data: { remoteRef: { key: string } }[] }).data[0]!.remoteRef.key;
      expect(flat).toContain(`secret ${secret.metadata.namespace}/${secret.metadata.name} from Vault secret/${key} (`);
    }
    const store = objects.find((object) => object.kind === 'ClusterSecretStore')!;
    const auth = (store.spec as { provider: { vault: { auth: { kubernetes: { mountPath: string } } } } }).provider.vault.auth.kubernetes;
    expect(flat).toContain(`auth mount ${auth.mountPath}, role`);
  });

  it('shows the volumes with their sizes and classes, the hosts and the images', async () => {
    const { out } = await run('status', environment);
    const flat = out.replace(/\s+/g, ' ');
    expect(flat).toMatch(/volume \d+Gi longhorn-db: StatefulSet\/mysql volumeClaimTemplates\.0/);
    expect(flat).toMatch(/volume \d+Gi longhorn: HelmRelease\/kube-prometheus-stack values\.prometheus\.prometheusSpec/);
    expect(flat).toContain(`hosts ${render.environment.decisions.fqdn.value.xwiki}`);
    expect(flat).toMatch(/image mysql:8\.4\.\d+@sha256:[0-9a-f]{12}…/);
  });
});

it('o4g status needs an environment', async () => {
  expect((await run('status')).code).toBe(2);
  expect((await run('status', 'nowhere')).err).toContain('unknown environment "nowhere"');
});

it('a command refuses an option it does not take, naming it', async () => {
  const { code, err } = await run('netpol', 'staging', '--run');
  expect(code).toBe(2);
  expect(err).toContain('o4g: netpol takes no --run');
});
