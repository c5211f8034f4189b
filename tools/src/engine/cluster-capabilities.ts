/**
 * What our clusters offer a chart at render time (Helm's `.Capabilities`), passed to every
 * `helm template` so charts take the branches they take in the cluster.
 *
 * The Kubernetes version: the Pod Security checker (tools/src/pod-security) implements the
 * controls of Kubernetes 1.37 (upstream fixtures test/testdata/<level>/v1.37), and every Namespace
 * pins that version (kit's podSecurityVersion): the platform is built for 1.37.
 */
export const clusterKubernetesVersion = 'v1.37.0';

/**
 * The API versions the platform installs beyond Kubernetes' own (which Helm knows for its version),
 * as `group/version`. Every CustomResourceDefinition the render installs (ours or a chart's) must
 * be listed: chartCapabilityViolations checks it, so a new CRD cannot leave the charts blind to it.
 */
export const clusterApiVersions = [
  'monitoring.coreos.com/v1', // prometheus-operator CRDs (observability, Flux Kustomization from the operator's repository)
  'monitoring.coreos.com/v1alpha1',
  'cert-manager.io/v1', // cert-manager chart
  'acme.cert-manager.io/v1',
  'external-secrets.io/v1', // external-secrets chart
  'external-secrets.io/v1alpha1',
  'generators.external-secrets.io/v1alpha1',
  'longhorn.io/v1beta2', // longhorn chart
  'externaldns.k8s.io/v1alpha1', // external-dns chart
] as const;

interface CustomResourceDefinitionSpec {
  readonly group?: string;
  readonly versions?: readonly { readonly name: string; readonly served?: boolean }[];
}

/** One message per served `group/version` of a rendered CustomResourceDefinition that clusterApiVersions lacks. */
export function undeclaredApiVersions(objects: readonly { readonly kind: string; readonly metadata: { readonly name: string }; readonly [field: string]: unknown }[]): string[] {
  const declared = new Set<string>(clusterApiVersions);
  return objects
    .filter((object) => object.kind === 'CustomResourceDefinition')
    .flatMap((object) => {
      const spec = (object.spec ?? {}) as CustomResourceDefinitionSpec;
      return (spec.versions ?? [])
        .filter((version) => version.served !== false && !declared.has(`${spec.group}/${version.name}`))
        .map((version) => `CustomResourceDefinition ${object.metadata.name} serves ${spec.group}/${version.name}, which clusterApiVersions (tools/src/engine/cluster-capabilities.ts) lacks: add it, or charts render as if the API were absent`);
    });
}
