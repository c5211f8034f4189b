import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';

/** A Loki schema period (loki.schemaConfig.configs[]). */
export interface LokiSchemaPeriod {
  readonly from: string;
  readonly store: 'tsdb';
  readonly object_store: 'filesystem';
  readonly schema: 'v13';
  readonly index: { readonly prefix: string; readonly period: '24h' };
}

/** The keys of the Loki chart 18.x (grafana-community, values.yaml and values.schema.json) this repository sets. */
export interface LokiValues {
  readonly deploymentMode: 'Monolithic';
  readonly loki: {
    /** One tenant: nothing but this cluster writes to Loki. */
    readonly auth_enabled: boolean;
    readonly commonConfig: { readonly replication_factor: number };
    readonly storage: { readonly type: 'filesystem' };
    readonly schemaConfig: { readonly configs: readonly LokiSchemaPeriod[] };
    /**
     * Merged over the generated Loki configuration. The retention goes here: `loki.limits_config`
     * lists only the chart's own defaults, and Loki's limits are many.
     */
    readonly structuredConfig: { readonly limits_config: { readonly retention_period: string } };
    readonly compactor: { readonly retention_enabled: boolean; readonly delete_request_store: 'filesystem' };
  };
  readonly singleBinary: {
    readonly replicas: number;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly persistence: { readonly storageClass: string; readonly size: string };
    readonly resources: IIoK8sApiCoreV1ResourceRequirements;
  };
  /** The simple-scalable targets; the chart defaults them to 3 replicas each, which validate.yaml refuses beside a single binary. */
  readonly backend: { readonly replicas: 0 };
  readonly read: { readonly replicas: 0 };
  readonly write: { readonly replicas: 0 };
  readonly gateway: { readonly enabled: boolean };
  readonly chunksCache: { readonly enabled: boolean };
  readonly resultsCache: { readonly enabled: boolean };
  readonly lokiCanary: { readonly enabled: boolean };
  readonly test: { readonly enabled: boolean };
}
