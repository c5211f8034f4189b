import { ingressClassName } from '@open4goods/kit';

/**
 * Names other packages rely on (NetworkPolicies: the controller's namespace and pod labels;
 * monitors: the metrics port). The chart derives them from the release name.
 */
export const ingressNamespace = 'nginx-ingress';
export const ingressReleaseName = 'nginx-ingress';
export { ingressClassName };
/** The controller pods' labels (the chart's selector labels: chart name and release name). */
export const ingressControllerPodLabels = {
  'app.kubernetes.io/name': 'nginx-ingress',
  'app.kubernetes.io/instance': ingressReleaseName,
} as const;
export const ingressControllerServiceName = `${ingressReleaseName}-controller`;
export const ingressHttpPort = 80;
export const ingressHttpsPort = 443;
/** Prometheus metrics of NGINX and the controller. */
export const ingressMetricsPort = 9113;
/** The controller's user in its image (nginx). */
export const ingressControllerUid = 101;
