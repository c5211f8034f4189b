/**
 * The keys of the external-secrets chart 2.9 (deploy/charts/external-secrets/values.yaml) this
 * repository sets. The tests check them against the chart's values.yaml and values.schema.json.
 */
export interface ExternalSecretsValues {
  /** The CRDs are chart templates: installed and upgraded with the release. */
  readonly installCRDs: boolean;
  /** Annotations of every CRD the chart renders (Helm's keep policy: removing the release keeps every store and ExternalSecret). */
  readonly crds: { readonly annotations: Readonly<Record<string, string>> };
  readonly replicaCount: number;
  readonly serviceAccount: { readonly create: boolean; readonly name: string; readonly automount: boolean };
  /** Our own label on the controller's pods, which NetworkPolicies select. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly resources: ChartResources;
  /** The metrics port and the Service the ServiceMonitor scrapes. */
  readonly metrics: MetricsValues;
  readonly serviceMonitor: { readonly enabled: boolean };
  readonly webhook: {
    readonly port: number;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly resources: ChartResources;
    readonly metrics: MetricsValues;
  };
  readonly certController: {
    readonly podLabels: Readonly<Record<string, string>>;
    readonly resources: ChartResources;
    readonly metrics: MetricsValues;
  };
}

/** A metrics port and its Service, which the chart's ServiceMonitor for that pod selects. */
export interface MetricsValues {
  readonly listen: { readonly port: number };
  readonly service: { readonly enabled: boolean };
}

export interface ChartResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}
