import { type WorkloadPort, type WorkloadSelector, ingressClassName, workloadPodLabels } from '@open4goods/kit';

/**
 * Names other packages rely on (NetworkPolicies: the controller's namespace, pod labels and
 * ports; monitors: the metrics port). The chart derives its object names from the release name.
 */
export const ingressNamespace = 'nginx-ingress';
export const ingressReleaseName = 'nginx-ingress';
export { ingressClassName };
/** Our workload label on the controller pods (the chart's `controller.pod.extraLabels`). */
export const ingressControllerPodLabels = workloadPodLabels('ingress-controller');
/** The controller pods, as NetworkPolicies of other packages select them. */
export const ingressControllerWorkload: WorkloadSelector = { namespace: ingressNamespace, podLabels: ingressControllerPodLabels };
export const ingressControllerServiceName = `${ingressReleaseName}-controller`;
/** The container ports: the chart names them after their `controller.containerPort` keys. */
export const ingressHttpPort: WorkloadPort = { name: 'http', port: 80, protocol: 'TCP' };
export const ingressHttpsPort: WorkloadPort = { name: 'https', port: 443, protocol: 'TCP' };
/** Prometheus metrics of NGINX and the controller (the chart names the container port `prometheus`). */
export const ingressMetricsPort: WorkloadPort = { name: 'prometheus', port: 9113, protocol: 'TCP' };
/** The controller's user in its image (nginx). */
export const ingressControllerUid = 101;
