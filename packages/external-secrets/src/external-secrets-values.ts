/**
 * The keys of the external-secrets chart 2.9 (deploy/charts/external-secrets/values.yaml) this
 * repository sets. The tests check them against the chart's values.yaml and values.schema.json.
 */
export interface ExternalSecretsValues {
  /** The CRDs are chart templates: installed and upgraded with the release. */
  readonly installCRDs: boolean;
  /** The metrics Service the ServiceMonitor scrapes. */
  readonly metrics: { readonly service: { readonly enabled: boolean } };
  readonly serviceMonitor: { readonly enabled: boolean };
}
