import type { IIoK8sApiCoreV1ResourceRequirements } from 'kubernetes-models/v1/ResourceRequirements';
import type { AlertmanagerConfiguration } from './alertmanager-config.ts';

/** A claim template for the operator's `storage`/`storageSpec` (a PersistentVolumeClaim spec). */
export interface VolumeClaimStorage {
  readonly volumeClaimTemplate: {
    readonly spec: {
      readonly storageClassName: string;
      readonly accessModes: readonly ['ReadWriteOnce'];
      readonly resources: { readonly requests: { readonly storage: string } };
    };
  };
}

/** A Grafana data source (`grafana.additionalDataSources`). */
export interface GrafanaDataSource {
  readonly name: string;
  readonly uid: string;
  readonly type: 'loki';
  readonly access: 'proxy';
  readonly url: string;
  readonly editable: boolean;
}

/**
 * The keys of kube-prometheus-stack 88.x (values.yaml) this repository sets; the tests check each
 * one against the chart's values.yaml.
 */
export interface KubePrometheusStackValues {
  /** The `observability/crds` unit owns the CRDs; the chart must not install (or later fight over) them. */
  readonly crds: { readonly enabled: false };
  readonly defaultRules: {
    /** Rule groups of components that are not scraped (their alerts could never clear). */
    readonly rules: Readonly<Record<string, boolean>>;
    /** Default alerts the repository's own rules replace (same meaning, a runbook in docs/runbooks). */
    readonly disabled: Readonly<Record<string, boolean>>;
  };
  readonly kubeControllerManager: { readonly enabled: boolean };
  readonly kubeScheduler: { readonly enabled: boolean };
  readonly kubeProxy: { readonly enabled: boolean };
  readonly kubeEtcd: { readonly enabled: boolean };
  readonly prometheusOperator: { readonly podLabels: Readonly<Record<string, string>> };
  readonly 'prometheus-node-exporter': { readonly namespaceOverride: string };
  readonly alertmanager: {
    readonly config: AlertmanagerConfiguration;
    readonly alertmanagerSpec: {
      /** Secrets mounted at /etc/alertmanager/secrets/<name>/ (the receiver's password or URL). */
      readonly secrets: readonly string[];
      /** Our workload label on the Alertmanager pods, which the NetworkPolicies select. */
      readonly podMetadata: { readonly labels: Readonly<Record<string, string>> };
      readonly storage: VolumeClaimStorage;
      readonly resources: IIoK8sApiCoreV1ResourceRequirements;
    };
  };
  readonly grafana: {
    readonly admin: { readonly existingSecret: string; readonly userKey: string; readonly passwordKey: string };
    readonly sidecar: {
      readonly dashboards: { readonly enabled: boolean; readonly label: string; readonly labelValue: string; readonly searchNamespace: string };
    };
    readonly additionalDataSources: readonly GrafanaDataSource[];
  };
  readonly prometheus: {
    readonly prometheusSpec: {
      readonly retention: string;
      /** Prometheus deletes the oldest blocks beyond this size, before the volume fills. */
      readonly retentionSize: string;
      readonly externalLabels: Readonly<Record<string, string>>;
      readonly storageSpec: VolumeClaimStorage;
      readonly resources: IIoK8sApiCoreV1ResourceRequirements;
      // false: select every monitor and rule of the cluster, not only those labelled for this release.
      readonly ruleSelectorNilUsesHelmValues: boolean;
      readonly serviceMonitorSelectorNilUsesHelmValues: boolean;
      readonly podMonitorSelectorNilUsesHelmValues: boolean;
      readonly probeSelectorNilUsesHelmValues: boolean;
      readonly scrapeConfigSelectorNilUsesHelmValues: boolean;
      // {}: every namespace.
      readonly ruleNamespaceSelector: Readonly<Record<string, never>>;
      readonly serviceMonitorNamespaceSelector: Readonly<Record<string, never>>;
      readonly podMonitorNamespaceSelector: Readonly<Record<string, never>>;
    };
  };
}
