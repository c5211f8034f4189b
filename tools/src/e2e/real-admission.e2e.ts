import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentRender } from '../commands/render.ts';
import type { PlainObject } from '../engine/plain-object.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { loadWorkspace } from '../workspace.ts';
import { controlPlaneAvailable } from './binaries.ts';
import { type ControlPlane, startControlPlane } from './control-plane.ts';
import { type AdmissionSet, admissionSetOf, jobNameFromCronJob } from './environment-workloads.ts';
import { kubectlItems, kubectlOk } from './kubectl.ts';
import { allFailedCreations, failedCreationsOf, podCreationState, podsCreatedFor } from './pod-creations.ts';
import { waitUntil } from './readiness.ts';
import { bindPendingClaims } from './volume-binder.ts';

const available = controlPlaneAvailable();

/** Server-side apply, as Flux's kustomize-controller applies (field manager of its own). */
const apply = (plane: ControlPlane, objects: readonly PlainObject[]) =>
  kubectlOk(plane.kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=o4g-e2e', '-f', '-'], objects.map((object) => JSON.stringify(object)).join('\n'));

const restrictedNamespaceOf = (set: AdmissionSet): string =>
  set.context.find((object) => object.kind === 'Namespace' && (object.metadata.labels as Record<string, string> | undefined)?.['pod-security.kubernetes.io/enforce'] === 'restricted')!.metadata.name;

/** A Deployment whose pod only `privileged` admits: a privileged container, a host path. */
const violatingDeployment = (namespace: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'e2e-violates-pod-security', namespace },
  spec: {
    selector: { matchLabels: { app: 'e2e-violates-pod-security' } },
    template: {
      metadata: { labels: { app: 'e2e-violates-pod-security' } },
      spec: { containers: [{ name: 'root', image: 'example.invalid/root:1', securityContext: { privileged: true } }], volumes: [{ name: 'host', hostPath: { path: '/' } }] },
    },
  },
});

for (const environmentName of ['staging', 'prod']) {
  describe.skipIf(!available)(`real admission (${environmentName})`, () => {
    let plane: ControlPlane;
    let set: AdmissionSet;
    beforeAll(async () => {
      set = admissionSetOf(environmentRender(loadWorkspace(repositoryRoot), environmentName));
      plane = await startControlPlane();
      console.log(`kube-apiserver ${plane.versions.kubeApiServer} (etcd ${plane.versions.etcd}, kwok ${plane.versions.kwok}), ${environmentName}: ${set.context.length} objects of admission context, ${set.workloads.length} workloads`);
      await apply(plane, set.context);
      // The service-account controller gives each new namespace its `default` account; a pod
      // created before that is refused (and retried), which would read as a FailedCreate here.
      const namespaces = set.context.filter((object) => object.kind === 'Namespace').map((object) => object.metadata.name);
      await waitUntil('the default ServiceAccount of every namespace', async () => {
        const accounts = await kubectlItems<{ metadata: { namespace: string } }>(plane.kubeconfig, ['serviceaccounts', '--all-namespaces', '--field-selector', 'metadata.name=default']);
        return namespaces.every((namespace) => accounts.some((account) => account.metadata.namespace === namespace));
      }, { timeoutMs: 60_000 });
    });
    afterAll(async () => {
      await plane?.stop();
    });

    it('the API server refuses a Deployment\'s pod that violates its namespace\'s Pod Security level', async () => {
      const namespace = restrictedNamespaceOf(set);
      const deployment = violatingDeployment(namespace);
      await apply(plane, [deployment]);
      let refusals: string[] = [];
      await waitUntil(`a FailedCreate of Deployment ${namespace}/${deployment.metadata.name}`, async () => {
        refusals = failedCreationsOf(await podCreationState(plane.kubeconfig), { kind: 'Deployment', namespace, name: deployment.metadata.name });
        return refusals.length > 0;
      }, { timeoutMs: 60_000 });
      console.log(`refused in ${namespace}: ${refusals[0]}`);
      expect(refusals[0]).toMatch(/violates PodSecurity "restricted:latest": privileged/);
      expect(await kubectlItems(plane.kubeconfig, ['pods', '-n', namespace, '-l', 'app=e2e-violates-pod-security'])).toEqual([]);
      await kubectlOk(plane.kubeconfig, ['delete', 'deployment', deployment.metadata.name, '-n', namespace, '--wait=true']);
    });

    it('admits every pod of ours and of the charts, created by the controllers from the render', async () => {
      await apply(plane, set.workloads);
      for (const cronJob of set.cronJobs) {
        await kubectlOk(plane.kubeconfig, ['create', 'job', jobNameFromCronJob(cronJob.metadata.name), `--from=cronjob/${cronJob.metadata.name}`, '-n', cronJob.metadata.namespace!]);
      }
      // Done when every workload has its pods and kwok has run each (Running, or Succeeded for a
      // Job's); the claims of the StatefulSets' volume templates are bound as they appear.
      const settled = async () => {
        await bindPendingClaims(plane.kubeconfig);
        const state = await podCreationState(plane.kubeconfig);
        const pods = await kubectlItems<{ status: { phase: string } }>(plane.kubeconfig, ['pods', '--all-namespaces']);
        return set.expected.every((workload) => podsCreatedFor(state, workload) >= workload.pods) && pods.every((pod) => ['Running', 'Succeeded'].includes(pod.status.phase));
      };
      await waitUntil(`pods of ${set.expected.length} workloads, run by kwok`, settled, { timeoutMs: 180_000 }).catch(() => {});
      const state = await podCreationState(plane.kubeconfig);
      const failed = allFailedCreations(state).filter((failure) => !failure.includes('e2e-violates-pod-security'));
      const notCreated = set.expected.filter((workload) => podsCreatedFor(state, workload) < workload.pods).map((workload) => `${workload.kind} ${workload.namespace}/${workload.name} (${workload.source}): ${podsCreatedFor(state, workload)} of ${workload.pods} pods created`);
      // What kwok made of them: Running, Succeeded (Jobs), or Pending with the scheduler's reason.
      const pods = await kubectlItems<{ metadata: { namespace: string; name: string }; status: { phase: string; conditions?: { type: string; message?: string }[] } }>(plane.kubeconfig, ['pods', '--all-namespaces']);
      const phases = Object.entries(Object.groupBy(pods, (pod) => pod.status.phase)).map(([phase, group]) => `${group!.length} ${phase}`).join(', ');
      const pending = pods.filter((pod) => pod.status.phase === 'Pending').map((pod) => `  ${pod.metadata.namespace}/${pod.metadata.name}: ${pod.status.conditions?.find((condition) => condition.type === 'PodScheduled')?.message ?? 'not scheduled yet'}`);
      console.log([`${environmentName}: ${set.expected.reduce((sum, workload) => sum + workload.pods, 0)} pods of ${set.expected.length} workloads (${set.expected.filter((workload) => workload.source === 'ours').length} ours) created and admitted; now ${phases}`, ...pending].join('\n'));
      expect(failed).toEqual([]);
      expect(notCreated).toEqual([]);
      // Scheduled on master1 and run: what our node selectors, affinities and tolerations ask for, master1 offers.
      expect(pending).toEqual([]);
    });
  });
}
