import { kubectlItems } from './kubectl.ts';

/** What the controllers record when they create a pod (SuccessfulCreate) or fail to (FailedCreate). */
export interface ControllerEvent {
  readonly reason: string;
  readonly message: string;
  readonly involvedObject: { readonly kind: string; readonly namespace?: string; readonly name: string };
}

interface OwnedObject {
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly ownerReferences?: readonly { readonly kind: string; readonly name: string }[] };
}

/** What the cluster shows of pod creation now: the controllers' events, and which ReplicaSet belongs to which Deployment. */
export interface PodCreationState {
  readonly events: readonly ControllerEvent[];
  readonly replicaSets: readonly OwnedObject[];
  readonly pods: readonly OwnedObject[];
}

export async function podCreationState(kubeconfig: string): Promise<PodCreationState> {
  const [events, replicaSets, pods] = await Promise.all([
    kubectlItems<ControllerEvent>(kubeconfig, ['events', '--all-namespaces']),
    kubectlItems<OwnedObject>(kubeconfig, ['replicasets', '--all-namespaces']),
    kubectlItems<OwnedObject>(kubeconfig, ['pods', '--all-namespaces']),
  ]);
  return { events, replicaSets, pods };
}

/** The objects whose events tell a workload's pod creations: a Deployment's ReplicaSets, else the workload itself. */
function creators(state: PodCreationState, workload: { kind: string; namespace: string; name: string }): { kind: string; name: string }[] {
  if (workload.kind !== 'Deployment') return [{ kind: workload.kind === 'Pod' ? 'Pod' : workload.kind, name: workload.name }];
  return state.replicaSets
    .filter((replicaSet) => replicaSet.metadata.namespace === workload.namespace && replicaSet.metadata.ownerReferences?.some((owner) => owner.kind === 'Deployment' && owner.name === workload.name))
    .map((replicaSet) => ({ kind: 'ReplicaSet', name: replicaSet.metadata.name }));
}

const eventsOf = (state: PodCreationState, workload: { kind: string; namespace: string; name: string }, reason: string) => {
  const objects = creators(state, workload);
  return state.events.filter(
    (event) => event.reason === reason && event.involvedObject.namespace === workload.namespace && objects.some((object) => object.kind === event.involvedObject.kind && object.name === event.involvedObject.name),
  );
};

/** How many pods the controllers created for a workload so far (a bare Pod: 1 once it exists). */
export function podsCreatedFor(state: PodCreationState, workload: { kind: string; namespace: string; name: string }): number {
  if (workload.kind === 'Pod') return state.pods.some((pod) => pod.metadata.namespace === workload.namespace && pod.metadata.name === workload.name) ? 1 : 0;
  return eventsOf(state, workload, 'SuccessfulCreate').length;
}

/** The FailedCreate messages of a workload's controllers (a refused pod says why: `violates PodSecurity ...`). */
export function failedCreationsOf(state: PodCreationState, workload: { kind: string; namespace: string; name: string }): string[] {
  return eventsOf(state, workload, 'FailedCreate').map((event) => event.message);
}

/** Every FailedCreate of the cluster, as `Kind namespace/name: message`. */
export function allFailedCreations(state: PodCreationState): string[] {
  return state.events.filter((event) => event.reason === 'FailedCreate').map((event) => `${event.involvedObject.kind} ${event.involvedObject.namespace}/${event.involvedObject.name}: ${event.message}`);
}
