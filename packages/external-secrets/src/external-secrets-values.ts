/** The values of the external-secrets chart (2.9.x) this component sets; see the chart's values.yaml. */
export interface ExternalSecretsValues {
  readonly installCRDs: boolean;
  readonly replicaCount: number;
  readonly serviceAccount: { readonly create: boolean; readonly name: string; readonly automount: boolean };
  readonly podLabels: Readonly<Record<string, string>>;
  readonly resources: ChartResources;
  readonly metrics: { readonly listen: { readonly port: number } };
  readonly webhook: {
    readonly port: number;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly resources: ChartResources;
  };
  readonly certController: {
    readonly podLabels: Readonly<Record<string, string>>;
    readonly resources: ChartResources;
  };
}

export interface ChartResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
}
