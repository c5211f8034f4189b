/**
 * What keeps data alive when its declaration leaves git. Flux prunes (deletes) every object a
 * Kustomization applied and no longer renders, and helm-controller uninstalls a removed
 * HelmRelease, deleting every object of its manifest. Deleting a Namespace deletes its volumes;
 * deleting a CRD deletes every custom resource of that kind (Longhorn's volumes, the stores of
 * External Secrets). The build requires these annotations on such objects (tools/src/engine/data-retention.ts).
 */

/** kustomize-controller skips an object with this annotation when it prunes or garbage-collects. */
export const fluxPruneAnnotation = 'kustomize.toolkit.fluxcd.io/prune';
export const neverPrunedByFlux: Readonly<Record<string, string>> = { [fluxPruneAnnotation]: 'disabled' };

/** Helm leaves an object with this annotation in place on uninstall (and when an upgrade drops it). */
export const helmResourcePolicyAnnotation = 'helm.sh/resource-policy';
export const keptByHelm: Readonly<Record<string, string>> = { [helmResourcePolicyAnnotation]: 'keep' };
