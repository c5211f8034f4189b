import type { Environment } from '@open4goods/environments';
import { externalSecretsNamespace, externalSecretsPodLabels, externalSecretsWebhookPort } from '@open4goods/external-secrets';
import { kubeDnsPorts, kubeDnsWorkload, prometheusWorkload, vaultAddressOf } from '@open4goods/kit';
import { mysqlExporterPortName, mysqlWorkload } from '@open4goods/mysql';
import { type Flow, addresses, anyAddress, everyPod, tcp, workload } from './flow.ts';
import type { PlatformWorkload } from './platform-workloads.ts';

/**
 * Every connection the platform allows, one declaration per flow; everything else is denied by
 * the default-deny policy of each namespace. Each end is selected by the labels and ports the
 * owning package exports, and checked against the render (flow-checks.ts).
 *
 * Still to declare when their packages land (see docs/runbooks/network-policies.md):
 * ingress controller → XWiki:8080, XWiki → MySQL:3306, internet → ingress controller 80/443,
 * cert-manager → ACME (443) and the API, the ingress controller → HTTP-01 solver pods,
 * external-dns → DNS provider API (443), backups → MySQL, XWiki and S3 (443), Prometheus → the
 * other metrics ports, Longhorn's own traffic inside longhorn-system.
 */
export function platformFlows(environment: Environment, workloads: readonly PlatformWorkload[]): Flow[] {
  const kubernetesApi = addresses('kubernetes-api', environment.network.kubernetesApi.cidrs);
  const apiPorts = environment.network.kubernetesApi.ports.map(tcp);
  const externalSecretsController = workload('external-secrets-controller', { namespace: externalSecretsNamespace, podLabels: externalSecretsPodLabels.controller });

  return [
    {
      name: 'dns',
      reason: 'every pod resolves names through cluster DNS',
      from: everyPod,
      to: workload('kube-dns', kubeDnsWorkload),
      ports: kubeDnsPorts.map((port) => ({ port: port.port, protocol: port.protocol })),
    },

    // Controllers and webhooks watch and change objects: derived from the workloads that are
    // granted RBAC (rendered) or declared as API clients (charts).
    ...workloads
      .filter((candidate) => candidate.callsKubernetesApi)
      .map(
        (candidate): Flow => ({
          name: `${candidate.name}-to-kubernetes-api`,
          reason: `${candidate.name} is a controller: it calls the Kubernetes API`,
          from: workload(candidate.name, { namespace: candidate.namespace, podLabels: candidate.podLabels }),
          to: kubernetesApi,
          ports: apiPorts,
        }),
      ),

    {
      name: 'kubernetes-api-to-external-secrets-webhook',
      reason: 'the API server calls the external-secrets validating webhook',
      from: kubernetesApi,
      to: workload('external-secrets-webhook', { namespace: externalSecretsNamespace, podLabels: externalSecretsPodLabels.webhook }),
      ports: [tcp(externalSecretsWebhookPort.name!)],
    },

    {
      name: 'external-secrets-to-vault',
      // Vault is known by host name, which a NetworkPolicy cannot name: only its port is enforced.
      reason: `External Secrets reads the secret contract from Vault (${environment.vault.address})`,
      from: externalSecretsController,
      to: addresses('vault', anyAddress),
      ports: [tcp(vaultAddressOf(environment).port)],
    },

    {
      name: 'prometheus-to-mysql-metrics',
      reason: 'Prometheus scrapes the mysqld-exporter sidecar',
      from: workload('prometheus', prometheusWorkload),
      to: workload('mysql', mysqlWorkload(environment)),
      ports: [tcp(mysqlExporterPortName)],
    },
  ];
}
