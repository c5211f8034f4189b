/**
 * The Prometheus Operator release whose CRDs are installed. It matches the operator that
 * kube-prometheus-stack 88.5.3 deploys, so the monitoring stack finds the CRDs it expects.
 */
export const prometheusOperatorSource = {
  url: 'https://github.com/prometheus-operator/prometheus-operator',
  // renovate: datasource=github-tags depName=prometheus-operator/prometheus-operator
  tag: 'v0.93.1',
  /** The generated kustomization of every CRD, in the operator's repository. */
  path: 'example/prometheus-operator-crd',
} as const;
