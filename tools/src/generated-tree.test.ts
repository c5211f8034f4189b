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
