import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { differencesBetween } from './engine/overlay.ts';
import { planBuild } from './engine/plan.ts';
import { detectDrift } from './engine/tree.ts';
import { kubectlAvailable, kustomizeBuild } from './testing/kubectl.ts';
import { repositoryRoot } from './testing/repository.ts';
import { buildInputOf, loadWorkspace } from './workspace.ts';

const workspace = loadWorkspace(repositoryRoot);
const plan = planBuild(buildInputOf(workspace));

describe('the committed generated tree', () => {
  it('is what the TypeScript renders (o4g check would pass)', () => {
    expect(detectDrift(repositoryRoot, plan)).toEqual({ modified: [], missing: [], stale: [] });
  });

  it('keeps prod apps suspended while prod has open decisions, and staging running', () => {
    const prod = plan.reports.find((report) => report.environment.name === 'prod')!;
    const staging = plan.reports.find((report) => report.environment.name === 'staging')!;
    expect(prod.openDecisions.length).toBeGreaterThan(0);
    expect(prod.appsSuspended).toBe(true);
    expect(plan.files.get('clusters/prod/flux/apps-mysql-database.yaml')!.content).toContain('\n  suspend: true\n');
    expect(staging.appsSuspended).toBe(false);
    expect(plan.files.get('clusters/staging/flux/apps-mysql-database.yaml')!.content).not.toContain('suspend');
  });
});

describe.each(plan.renders)('the security of the $environment.name render', (render) => {
  const objects = render.units.flatMap((unit) => unit.objects);

  it('binds cluster-admin exactly once, to the operators group of the environment', () => {
    const bindings = objects.filter((object) => object.kind === 'ClusterRoleBinding' && (object as { roleRef?: { name?: string } }).roleRef?.name === 'cluster-admin');
    expect(bindings.map((binding) => (binding as { subjects?: unknown }).subjects)).toEqual([
      [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: render.environment.access.clusterAdminGroup }],
    ]);
  });

  it('makes every unit carrying ExternalSecrets wait for the Vault store, which waits for the operator', () => {
    const name = render.environment.name;
    const carriers = render.units.filter((unit) => unit.objects.some((object) => object.kind === 'ExternalSecret'));
    expect(carriers.map((unit) => unit.node.id)).toContain('apps/mysql/database');
    for (const unit of carriers) {
      expect(plan.files.get(`clusters/${name}/flux/${unit.node.id.replaceAll('/', '-')}.yaml`)!.content).toMatch(/\n {2}dependsOn:\n( {4}- name: [a-z-]+\n)* {4}- name: infra-external-secrets-store\n/);
    }
    expect(plan.files.get(`clusters/${name}/flux/infra-external-secrets-store.yaml`)!.content).toContain('  dependsOn:\n    - name: infra-external-secrets-controller\n');
  });

  it('denies all traffic by default in every namespace it renders', () => {
    const namespaces = objects.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name);
    const denied = objects.filter((object) => object.kind === 'NetworkPolicy' && object.metadata.name === 'default-deny').map((object) => object.metadata.namespace);
    expect(namespaces.length).toBeGreaterThanOrEqual(2);
    expect(denied.sort()).toEqual(namespaces.sort());
  });
});

describe.runIf(kubectlAvailable())('kubectl kustomize of every overlay', () => {
  for (const render of plan.renders) {
    describe(`environment ${render.environment.name}`, () => {
      for (const unit of render.units) {
        const directory = `clusters/${render.environment.name}/${unit.node.id}`;
        it(`${directory} yields exactly the objects of o4g render`, () => {
          expect(existsSync(join(repositoryRoot, directory, 'kustomization.yaml'))).toBe(true);
          const built = kustomizeBuild(join(repositoryRoot, directory), { loadRestrictionsNone: unit.sopsFiles.length > 0 });
          // SOPS files are applied as they are (Flux decrypts them); they are not part of the render.
          const withoutSopsSecrets = built.filter((object) => !('sops' in object));
          expect(differencesBetween(withoutSopsSecrets, unit.objects)).toEqual([]);
        });
      }
    });
  }
});
