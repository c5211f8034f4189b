import { renderedNamespaces } from '@open4goods/netpol';
import { type NetworkProbe, networkProbePlan, probeLines } from '@open4goods/smoke';
import { describe, expect, it } from 'vitest';
import type { PlainObject } from '../engine/plain-object.ts';
import { planBuild } from '../engine/plan.ts';
import { objectsOf, platformViewOf } from '../engine/render.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { buildInputOf, loadWorkspace } from '../workspace.ts';
import { type Endpoint, type PodEndpoint, namespaceNameLabel } from './endpoints.ts';
import { type NetworkPolicy, connectionAllowed } from './evaluator.ts';

const workspace = loadWorkspace(repositoryRoot);
const plan = planBuild(buildInputOf(workspace));

interface RenderedJob extends PlainObject {
  readonly spec: { readonly template: { readonly metadata: { readonly labels: Record<string, string> }; readonly spec: { readonly containers: readonly { readonly env: readonly { name: string; value?: string }[] }[] } } };
}

/**
 * The in-cluster NetworkPolicy probes (packages/smoke) take their expectations from the flow model;
 * the connectivity matrix evaluates the policies generated from it. Here both meet: every probe
 * is evaluated against the rendered policies, from the labels of the pod actually rendered.
 */
describe.each(['prod', 'staging'] as const)('the network probes of %s', (name) => {
  const render = plan.renders.find((candidate) => candidate.environment.name === name)!;
  const { environment } = render;
  const app = environment.appNamespace;
  const objects = objectsOf(render);
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy') as unknown as NetworkPolicy[];
  const platform = platformViewOf(environment, render.units, workspace.components, render.charts);
  const plans = networkProbePlan(environment, platform);
  const probeJobs = render.units.find((unit) => unit.node.id === 'apps/smoke/network-probes')!.objects as RenderedJob[];
  const namespaceLabels = (namespace: string): Record<string, string> => {
    const rendered = objects.find((object) => object.kind === 'Namespace' && object.metadata.name === namespace);
    return { ...((rendered?.metadata.labels ?? {}) as Record<string, string>), [namespaceNameLabel]: namespace };
  };
  const summary = (probes: readonly NetworkProbe[]) => probes.map((probe) => `${probe.expectation} ${probe.name}`);

  it("probe the checklist's pairs, with the expectations the flow model gives", () => {
    const bySource = Object.fromEntries(plans.map((candidate) => [`${candidate.source.namespace}/${candidate.source.name}`, summary(candidate.probes)]));
    const dns = ['allow any-pod-to-dns', 'allow any-pod-to-dns-tcp'];
    expect(bySource).toEqual({
      [`${app}/xwiki`]: ['allow xwiki-to-mysql', 'deny xwiki-to-kubernetes-api'],
      'nginx-ingress/ingress-controller': ['deny ingress-controller-to-mysql'],
      [`${app}/any-pod`]: ['deny any-pod-to-xwiki', ...dns],
      ...Object.fromEntries(renderedNamespaces(platform).filter((namespace) => namespace !== app).map((namespace) => [`${namespace}/any-pod`, dns])),
    });
    expect(plans.find((candidate) => candidate.source.name === 'xwiki')!.probes[0]!.allowedBy).toEqual(['xwiki-to-mysql']);
  });

  it('renders one Job per source pod, carrying exactly the probes of the plan and the labels of the pod it stands for', () => {
    expect(probeJobs.map((job) => `${job.metadata.namespace}/${job.metadata.name}`)).toEqual(plans.map((candidate) => `${candidate.source.namespace}/smoke-network-${candidate.source.name}`));
    for (const [index, job] of probeJobs.entries()) {
      const { source, probes } = plans[index]!;
      const { labels } = job.spec.template.metadata;
      expect(labels).toEqual({ ...source.podLabels, 'open4goods.org/network-probe': source.name, 'open4goods.org/smoke-job': job.metadata.name });
      expect(job.spec.template.spec.containers[0]!.env.find((variable) => variable.name === 'SMOKE_PROBES')!.value).toBe(probeLines(probes));
    }
  });

  it('expect of each probe what the generated NetworkPolicies do (the offline matrix and the probes cannot drift)', () => {
    let evaluated = 0;
    for (const [index, { probes }] of plans.entries()) {
      const job = probeJobs[index]!;
      const from: PodEndpoint = {
        kind: 'pod',
        name: job.metadata.name,
        namespace: job.metadata.namespace!,
        labels: job.spec.template.metadata.labels,
        namespaceLabels: namespaceLabels(job.metadata.namespace!),
        ports: [],
      };
      for (const probe of probes) {
        for (const connection of probe.connections) {
          const to: Endpoint =
            connection.to.kind === 'address'
              ? { kind: 'external', name: probe.name, ip: connection.to.address, ports: [{ port: connection.port, protocol: connection.protocol }] }
              : { kind: 'pod', ...connection.to.workload, labels: connection.to.workload.podLabels, namespaceLabels: namespaceLabels(connection.to.workload.namespace) };
          const allowed = connectionAllowed(policies, { from, to, port: connection.port, protocol: connection.protocol });
          expect({ probe: `${from.namespace}/${probe.name}:${connection.port}/${connection.protocol}`, allowed }).toEqual({
            probe: `${from.namespace}/${probe.name}:${connection.port}/${connection.protocol}`,
            allowed: probe.expectation === 'allow',
          });
          evaluated++;
        }
      }
    }
    // Every rendered namespace's two DNS probes, four probes of the checklist, the API tried on each declared port.
    expect(evaluated).toBe(2 * renderedNamespaces(platform).length + 3 + environment.network.kubernetesApi.cidrs.length * environment.network.kubernetesApi.ports.length);
  });
});
