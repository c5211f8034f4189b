/**
 * The keys of the cert-manager chart v1.21 (deploy/charts/cert-manager/values.yaml) this
 * repository sets. The tests check them against the chart's values.yaml and values.schema.json.
 */
export interface CertManagerValues {
  readonly crds: {
    /** The chart installs and upgrades the CRDs (they are templates, not a crds/ directory). */
    readonly enabled: boolean;
    /** Uninstalling the release must not delete the CRDs, and with them every Certificate. */
    readonly keep: boolean;
  };
  readonly prometheus: {
    readonly enabled: boolean;
    readonly servicemonitor: { readonly enabled: boolean };
  };
  /** Our workload label on each component's pods, which NetworkPolicies select. */
  readonly podLabels: PodLabels;
  readonly webhook: {
    readonly podLabels: PodLabels;
    /** Where the API server calls the webhook. */
    readonly securePort: number;
  };
  readonly cainjector: { readonly podLabels: PodLabels };
  /** The post-install Job that waits for the webhook through the API. */
  readonly startupapicheck: { readonly podLabels: PodLabels };
}

type PodLabels = Readonly<Record<string, string>>;
