/** The keys of the metrics-server chart 3.13 (values.yaml) this repository sets. */
export interface MetricsServerValues {
  /** Appended to the chart's `defaultArgs`. */
  readonly args: readonly string[];
  readonly metrics: { readonly enabled: boolean };
  readonly serviceMonitor: { readonly enabled: boolean };
  /** Our workload label, which the NetworkPolicies select. */
  readonly podLabels: Readonly<Record<string, string>>;
}
