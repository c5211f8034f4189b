import { podTemplatesOf } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { planBuild } from './engine/plan.ts';
import { checkPodSecurity } from './pod-security/check.ts';
import { repositoryRoot } from './testing/repository.ts';
import { buildInputOf, loadWorkspace } from './workspace.ts';

const workspace = loadWorkspace(repositoryRoot);
const plan = planBuild(buildInputOf(workspace));

interface FluxKustomization {
  readonly spec: {
    readonly dependsOn: readonly { name: string }[];
    readonly healthChecks?: readonly { apiVersion: string; kind: string; name: string; namespace: string }[];
    readonly wait: boolean;
    readonly timeout: string;
    readonly suspend?: boolean;
  };
}

const minutes = (duration: string) => Number(/^(\d+)m$/.exec(duration)![1]);

/**
 * The production checklist as Flux runs it: after the apps and the policies they test, ready only
 * when every Job completed (a failed Job fails the reconciliation), suspended with prod's apps.
 */
describe.each(['prod', 'staging'] as const)('the smoke units of %s in Flux', (name) => {
  const render = plan.renders.find((candidate) => candidate.environment.name === name)!;
  const fluxOf = (unit: string) => parse(plan.files.get(`clusters/${name}/flux/apps-smoke-${unit}.yaml`)!.content) as FluxKustomization;
  const jobsOf = (unit: string) => render.units.find((candidate) => candidate.node.id === `apps/smoke/${unit}`)!.objects.filter((object) => object.kind === 'Job');

  it.each(['checks', 'network-probes'])('%s: health checks on exactly its Jobs, instead of waiting for every object', (unit) => {
    const flux = fluxOf(unit);
    expect(flux.spec.wait).toBe(false);
    expect(flux.spec.healthChecks).toEqual(jobsOf(unit).map((job) => ({ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace })));
    // Flux gives up after its timeout: every Job's deadline fits in it.
    for (const job of jobsOf(unit)) expect((job.spec as { activeDeadlineSeconds: number }).activeDeadlineSeconds).toBeLessThan(minutes(flux.spec.timeout) * 60);
  });

  it('checks run after what they check: MySQL, XWiki, the backups and the policies of the app namespace', () => {
    expect(fluxOf('checks').spec.dependsOn.map((dependency) => dependency.name)).toEqual(
      expect.arrayContaining(['apps-mysql-database', 'apps-xwiki-wiki', 'apps-backups-jobs', 'policies-netpol-apps-namespaces']),
    );
  });

  it('network probes run after every NetworkPolicy unit and the database they connect to', () => {
    expect(fluxOf('network-probes').spec.dependsOn.map((dependency) => dependency.name)).toEqual(
      expect.arrayContaining(['policies-netpol-apps-namespaces', 'policies-netpol-infra-namespaces', 'apps-mysql-database']),
    );
  });

  it("wait like the rest of the environment's apps: suspended in prod while its decisions are open", () => {
    for (const unit of ['checks', 'network-probes']) expect(fluxOf(unit).spec.suspend ?? false).toBe(name === 'prod');
  });

  it('run every pod under Pod Security restricted, wherever it is probed from', () => {
    const pods = podTemplatesOf([...jobsOf('checks'), ...jobsOf('network-probes')]);
    expect(pods.length).toBeGreaterThan(10);
    for (const pod of pods) expect(checkPodSecurity(pod, 'restricted').failed, pod.owner).toEqual([]);
  });
});
