import type { Environment } from '@open4goods/environments';
import { type ChartWorkload, hardenedContainerSecurityContext, renderChartSource, renderHelmRelease, renderNamespace } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { nginxIngressChart } from './charts.ts';
import { nginxConfiguration } from './nginx-configuration.ts';
import type { NginxIngressValues } from './nginx-ingress-values.ts';
import {
  ingressClassName,
  ingressControllerPodLabels,
  ingressControllerUid,
  ingressHttpPort,
  ingressHttpsPort,
  ingressMetricsPort,
  ingressNamespace,
  ingressReleaseName,
} from './names.ts';

/**
 * Restricted-compatible: non-root (the image's nginx user), RuntimeDefault seccomp, no privilege
 * escalation, read-only root filesystem (the chart then mounts emptyDirs for NGINX's writable
 * paths), every capability dropped but NET_BIND_SERVICE, the one Pod Security `restricted`
 * allows, so NGINX can listen on 80 and 443.
 */
export function controllerSecurityContext() {
  return {
    ...hardenedContainerSecurityContext({ runAsUser: ingressControllerUid, runAsGroup: ingressControllerUid }),
    capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
  };
}

export function nginxIngressValues(environment: Environment): NginxIngressValues {
  return {
    controller: {
      kind: 'deployment',
      replicaCount: Math.min(2, environment.cluster.nodeCount),
      ingressClass: { name: ingressClassName, create: true, setAsDefaultIngress: false },
      config: { entries: nginxConfiguration(environment) },
      enableSnippets: false,
      enableCustomResources: false,
      // Ports and our pod label are set explicitly: NetworkPolicies and the connectivity matrix use them.
      containerPort: { http: ingressHttpPort.port, https: ingressHttpsPort.port },
      pod: { extraLabels: ingressControllerPodLabels },
      // Non-root is set on each container (the chart's pod-level default carries seccomp only).
      podSecurityContext: { seccompProfile: { type: 'RuntimeDefault' } },
      securityContext: controllerSecurityContext(),
      initContainerSecurityContext: hardenedContainerSecurityContext({ runAsUser: ingressControllerUid, runAsGroup: ingressControllerUid }),
      telemetryReporting: { enable: false },
      enableLatencyMetrics: true,
    },
    prometheus: { create: true, port: ingressMetricsPort.port, service: { create: true }, serviceMonitor: { create: true } },
  };
}

/** No custom resources are enabled, so the chart's CRDs (VirtualServer & co.) are not installed. */
export function renderNginxIngressRelease(environment: Environment): HelmRelease {
  return renderHelmRelease<NginxIngressValues>({
    name: ingressReleaseName,
    namespace: ingressNamespace,
    chart: nginxIngressChart,
    values: nginxIngressValues(environment),
    crdsPolicy: 'Skip',
    skipSchemaValidationBecause:
      'the chart schema $refs the mutable master branch of nginxinc/kubernetes-json-schema on raw.githubusercontent.com, which Helm fetches on every install and upgrade; the values are typed in nginx-ingress-values.ts and rendered by the build',
  });
}

export function renderIngressController(environment: Environment) {
  return [
    renderNamespace(ingressNamespace, { level: 'restricted' }, 'ingress'),
    renderChartSource(nginxIngressChart, ingressNamespace),
    renderNginxIngressRelease(environment),
  ];
}

/** The controller Deployment's pods, as NetworkPolicies and the connectivity matrix see them. */
export function ingressControllerWorkloads(_environment: Environment): ChartWorkload[] {
  return [
    {
      name: 'ingress-controller',
      namespace: ingressNamespace,
      podLabels: ingressControllerPodLabels,
      ports: [ingressHttpPort, ingressHttpsPort, ingressMetricsPort],
      // It watches Ingresses, Services, EndpointSlices and Secrets, and writes the Ingress status.
      callsKubernetesApi: true,
    },
  ];
}
