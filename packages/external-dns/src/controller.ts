import type { Environment } from '@open4goods/environments';
import { type ChartWorkload, type SecretRequirement, renderChartSource, renderHelmRelease, renderNamespace } from '@open4goods/kit';
import type { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { externalDnsChart } from './charts.ts';
import type { ExternalDnsValues } from './external-dns-values.ts';
import { dnsCredentialsSecretName, externalDnsMetricsPort, externalDnsNamespace, externalDnsPodLabels, externalDnsReleaseName } from './names.ts';
import { dnsProviders } from './providers.ts';

/** The owner id of this cluster's TXT records. */
export function txtOwnerIdOf(environment: Environment): string {
  return `open4goods-${environment.name}`;
}

export function externalDnsValues(environment: Environment): ExternalDnsValues {
  const provider = dnsProviders[environment.dns.provider];
  return {
    provider: { name: provider.name },
    env: provider.credentials.map(({ variable }) => ({ name: variable, valueFrom: { secretKeyRef: { name: dnsCredentialsSecretName, key: variable } } })),
    extraArgs: provider.extraArgs(environment.dns),
    // Only Ingresses publish names: a LoadBalancer Service never gets a record by accident.
    sources: ['ingress'],
    domainFilters: [environment.dns.zone],
    policy: environment.dns.policy,
    registry: 'txt',
    txtOwnerId: txtOwnerIdOf(environment),
    serviceMonitor: { enabled: true },
    // Pod label and metrics port set explicitly: NetworkPolicies and the connectivity matrix use them.
    podLabels: externalDnsPodLabels,
    service: { port: externalDnsMetricsPort.port },
  };
}

/** The controller's pod, as NetworkPolicies and the connectivity matrix see it. */
export function externalDnsWorkloads(_environment: Environment): ChartWorkload[] {
  return [{ name: 'external-dns', namespace: externalDnsNamespace, podLabels: externalDnsPodLabels, ports: [externalDnsMetricsPort], callsKubernetesApi: true }];
}

/** The chart's pods are restricted-compatible by default (non-root 65532, read-only root, no capabilities). */
export function renderExternalDnsRelease(environment: Environment): HelmRelease {
  return renderHelmRelease<ExternalDnsValues>({
    name: externalDnsReleaseName,
    namespace: externalDnsNamespace,
    chart: externalDnsChart,
    values: externalDnsValues(environment),
  });
}

export function renderExternalDnsController(environment: Environment) {
  return [
    renderNamespace(externalDnsNamespace, { level: 'restricted' }, 'dns'),
    renderChartSource(externalDnsChart, externalDnsNamespace),
    renderExternalDnsRelease(environment),
  ];
}

/** The DNS provider's credentials: which keys depends on the provider the environment names. */
export function externalDnsSecretRequirements(environment: Environment): SecretRequirement[] {
  const provider = dnsProviders[environment.dns.provider];
  return [
    {
      unit: 'controller',
      name: dnsCredentialsSecretName,
      namespace: externalDnsNamespace,
      description: `${provider.name} API credentials of external-dns for zone ${environment.dns.zone}`,
      keys: provider.credentials.map(({ variable, description }) => ({ name: variable, description })),
    },
  ];
}
