import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { layers } from '@open4goods/kit';
import { requiredNames } from './engine/derived-dependencies.ts';
import { planBuild } from './engine/plan.ts';
import { repositoryRoot } from './testing/repository.ts';
import { buildInputOf, loadWorkspace } from './workspace.ts';

const plan = planBuild(buildInputOf(loadWorkspace(repositoryRoot)));

/** The Flux Kustomizations of an environment: name → the names it depends on. */
function fluxGraph(environment: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const [path, file] of plan.files) {
    if (!path.startsWith(`clusters/${environment}/flux/`) || path.endsWith('/kustomization.yaml')) continue;
    const kustomization = parse(file.content) as { metadata: { name: string }; spec: { dependsOn?: { name: string }[] } };
    graph.set(kustomization.metadata.name, (kustomization.spec.dependsOn ?? []).map((dependency) => dependency.name));
  }
  return graph;
}

function waitsFor(graph: Map<string, string[]>, from: string, target: string): boolean {
  const seen = new Set<string>();
  const visit = (name: string): boolean => {
    if (seen.has(name)) return false;
    seen.add(name);
    return (graph.get(name) ?? []).some((dependency) => dependency === target || visit(dependency));
  };
  return visit(from);
}

describe.each(['prod', 'staging'])('the Flux order of the platform in %s', (environment) => {
  const graph = fluxGraph(environment);
  const render = plan.renders.find((candidate) => candidate.environment.name === environment)!;

  it('has one Flux Kustomization per unit of every infrastructure component', () => {
    expect([...graph.keys()].filter((name) => name.startsWith('infra-')).sort()).toEqual([
      'infra-cert-manager-controller',
      'infra-cert-manager-issuers',
      'infra-external-dns-controller',
      'infra-external-secrets-controller',
      'infra-external-secrets-store',
      'infra-ingress-controller',
      'infra-longhorn-backups',
      'infra-longhorn-config',
      'infra-longhorn-controller',
      'infra-observability-alerts',
      'infra-observability-crds',
      'infra-observability-flux-alerts',
      'infra-observability-logs',
      'infra-observability-metrics-server',
      'infra-observability-stack',
    ]);
  });

  it('applies controllers before their configuration', () => {
    expect(graph.get('infra-longhorn-config')).toContain('infra-longhorn-controller');
    expect(graph.get('infra-longhorn-backups')).toContain('infra-longhorn-controller');
    expect(graph.get('infra-external-secrets-store')).toContain('infra-external-secrets-controller');
  });

  it('applies the monitoring stack after its CRDs and the StorageClasses its chart claims volumes of, and the alerts and logs after the stack', () => {
    expect(graph.get('infra-observability-stack')).toEqual(expect.arrayContaining(['infra-observability-crds', 'infra-longhorn-config']));
    expect(graph.get('infra-observability-alerts')).toContain('infra-observability-stack');
    expect(graph.get('infra-observability-logs')).toEqual(expect.arrayContaining(['infra-observability-stack', 'infra-longhorn-config']));
    expect(graph.get('infra-observability-metrics-server')).toContain('infra-observability-crds');
  });

  it('applies cert-manager, and the ingress controller that solves HTTP-01, before the issuers', () => {
    expect(graph.get('infra-cert-manager-issuers')).toEqual(expect.arrayContaining(['infra-cert-manager-controller', 'infra-ingress-controller']));
  });

  it('installs the monitoring CRDs before every chart that creates a ServiceMonitor', () => {
    for (const controller of ['longhorn', 'ingress', 'cert-manager', 'external-dns', 'external-secrets']) {
      expect(graph.get(`infra-${controller}-controller`), controller).toContain('infra-observability-crds');
    }
  });

  it('applies the secret store before any unit that carries an ExternalSecret', () => {
    const withExternalSecrets = render.units.filter((unit) => unit.objects.some((object) => object.kind === 'ExternalSecret'));
    expect(withExternalSecrets.map((unit) => unit.node.id).sort()).toEqual([
      'apps/backups/jobs',
      'apps/mysql/database',
      'apps/smoke/checks',
      'apps/xwiki/wiki',
      'infra/external-dns/controller',
      'infra/longhorn/backups',
      'infra/observability/stack',
    ]);
    for (const unit of withExternalSecrets) {
      expect(waitsFor(graph, unit.node.id.replaceAll('/', '-'), 'infra-external-secrets-store'), unit.node.id).toBe(true);
    }
  });

  it('applies the StorageClasses before anything that claims a volume', () => {
    const claiming = render.units.filter((unit) => unit.objects.some((object) => requiredNames(object).some((name) => name.startsWith('StorageClass/'))));
    expect(claiming.map((unit) => unit.node.id)).toContain('apps/mysql/database');
    for (const unit of claiming) expect(waitsFor(graph, unit.node.id.replaceAll('/', '-'), 'infra-longhorn-config'), unit.node.id).toBe(true);
  });

  it('never makes a unit wait for a unit of a later layer, except policies waiting for the namespace they protect', () => {
    const layerOf = (name: string) => layers.findIndex((layer) => name.startsWith(`${layer}-`));
    // The application namespace is rendered by apps/mysql/database; its NetworkPolicies can only
    // be applied once it exists (docs/architecture.md, "Units that read the platform").
    const namespaceOwners = new Set(render.units.filter((unit) => unit.objects.some((object) => object.kind === 'Namespace')).map((unit) => unit.node.id.replaceAll('/', '-')));
    for (const [name, dependencies] of graph) {
      for (const dependency of dependencies) {
        if (name.startsWith('policies-') && namespaceOwners.has(dependency)) continue;
        expect(layerOf(dependency), `${name} -> ${dependency}`).toBeLessThanOrEqual(layerOf(name));
      }
    }
  });
});
