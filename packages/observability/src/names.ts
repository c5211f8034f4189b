/**
 * The Prometheus Operator's CRDs (ServiceMonitor, PodMonitor, PrometheusRule, …). Charts of every
 * layer create ServiceMonitors, so these CRDs come first, before any chart and before the
 * monitoring stack itself (which needs storage, whose chart already wants a ServiceMonitor).
 */
export const monitoringCrdsUnit = 'observability/crds';
export const prometheusOperatorCrdsName = 'prometheus-operator-crds';
/** Where Flux's own objects live; `flux bootstrap` creates it. */
export const fluxNamespace = 'flux-system';
