import { stringify } from 'yaml';
import { fluxNamespace, fluxSourceName, sopsAgeSecretName } from '../engine/flux.ts';
import { fluxCrdsYaml } from './flux-release.ts';
import { kubectlOk as kubectl } from './kubectl.ts';

export interface ClusterEntryOptions {
  readonly environment: string;
  /** The Git URL source-controller clones (the local Git server). */
  readonly gitUrl: string;
}

/**
 * What `flux bootstrap git --path=clusters/<env>` leaves in a cluster, less the controllers'
 * Deployments (the controllers run as local processes): the GitRepository `flux-system` following
 * main and the Kustomization `flux-system` applying `clusters/<env>`.
 */
export function clusterEntryObjects(options: ClusterEntryOptions): object[] {
  return [
    {
      apiVersion: 'source.toolkit.fluxcd.io/v1',
      kind: 'GitRepository',
      metadata: { name: fluxSourceName, namespace: fluxNamespace },
      spec: { interval: '1m', url: options.gitUrl, ref: { branch: 'main' } },
    },
    {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: { name: fluxSourceName, namespace: fluxNamespace },
      spec: { interval: '10m', path: `./clusters/${options.environment}`, prune: true, sourceRef: { kind: 'GitRepository', name: fluxSourceName } },
    },
  ];
}

/**
 * From an empty cluster, what must be there before the controllers start: the Flux CRDs of the
 * release, the flux-system namespace, and the `sops-age` Secret as docs/runbooks/secrets.md has
 * the operator create it.
 */
export async function installFluxPrerequisites(kubeconfig: string, ageIdentity: string): Promise<void> {
  const crds = fluxCrdsYaml();
  await kubectl(kubeconfig, ['apply', '--server-side', '-f', '-'], crds);
  await kubectl(kubeconfig, ['wait', '--for=condition=Established', '--timeout=60s', '-f', '-'], crds);
  await kubectl(kubeconfig, ['create', 'namespace', fluxNamespace]);
  // What `kubectl -n flux-system create secret generic sops-age --from-file=age.agekey=…` creates.
  const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: sopsAgeSecretName, namespace: fluxNamespace }, stringData: { 'age.agekey': `${ageIdentity}\n` } };
  await kubectl(kubeconfig, ['create', '-f', '-'], JSON.stringify(secret));
}

/** Then the cluster's entry: from here Flux reconciles the environment by itself. */
export async function applyClusterEntry(kubeconfig: string, options: ClusterEntryOptions): Promise<void> {
  await kubectl(kubeconfig, ['apply', '-f', '-'], clusterEntryObjects(options).map((object) => stringify(object)).join('---\n'));
}
