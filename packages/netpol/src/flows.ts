import {
  acmeSolverPodLabels,
  acmeSolverPort,
  certManagerMetricsPort,
  certManagerNamespace,
  certManagerPodLabels,
  certManagerWebhookPort,
} from '@open4goods/cert-manager';
import type { Environment } from '@open4goods/environments';
import { dnsProviderApiPort, externalDnsMetricsPort, externalDnsNamespace, externalDnsPodLabels } from '@open4goods/external-dns';
import { externalSecretsMetricsPort, externalSecretsNamespace, externalSecretsPodLabels, externalSecretsWebhookPort } from '@open4goods/external-secrets';
import { ingressControllerWorkload, ingressHttpPort, ingressHttpsPort, ingressMetricsPort } from '@open4goods/ingress';
import { kubeDnsPorts, kubeDnsWorkload, prometheusWorkload, s3AddressOf, smokeCheckNames, smokeCheckWorkload, vaultAddressOf } from '@open4goods/kit';
import {
  longhornInstanceManagerDataPorts,
  longhornInstanceManagerServicePorts,
  longhornManagerPorts,
  longhornNamespace,
  longhornPodLabels,
  longhornRecurringJobNames,
  longhornRecurringJobPodLabels,
} from '@open4goods/longhorn';
import { type BackupJobKind, backupJobLabel } from '@open4goods/backups';
import { mysqlExporterPortName, mysqlPortName, mysqlWorkload } from '@open4goods/mysql';
import {
  coreDnsMetricsPort,
  fluxNotificationControllerWorkload,
  kubeletPort,
  metricsServerNamespace,
  observabilityNamespace,
  observabilityPodLabels,
  observabilityPorts,
} from '@open4goods/observability';
import { xwikiHttpPortName, xwikiWorkload } from '@open4goods/xwiki';
import { type Flow, type FlowEnd, type FlowPort, addresses, anyAddress, everyPod, portOf, publicInternet, tcp, workload } from './flow.ts';
import type { PlatformWorkload } from './platform-workloads.ts';

type PodLabels = Readonly<Record<string, string>>;

/** RFC 8555: the ACME server fetches an HTTP-01 challenge from port 80 of the host, always. */
const http01Port = 80;
/** HTTPS, where the public APIs the platform calls answer (ACME, DNS provider, extension repositories). */
const https = 443;

/** Prometheus scrapes one metrics port of one workload. */
const scrape = (name: string, to: FlowEnd, port: FlowPort): Flow => ({
  name: `prometheus-to-${name}-metrics`,
  reason: `Prometheus scrapes the metrics of ${name}`,
  from: workload('prometheus', prometheusWorkload),
  to,
  ports: [port],
});

/**
 * Every connection the platform allows, one declaration per flow; everything else is denied by
 * the default-deny policy of each namespace. Each end is selected by the labels and ports the
 * owning package exports, and checked against the render (flow-checks.ts).
 */
export function platformFlows(environment: Environment, workloads: readonly PlatformWorkload[]): Flow[] {
  const kubernetesApi = addresses('kubernetes-api', environment.network.kubernetesApi.cidrs);
  const apiPorts = environment.network.kubernetesApi.ports.map(tcp);

  const ingressController = workload('ingress-controller', ingressControllerWorkload);
  const xwiki = workload('xwiki', xwikiWorkload(environment));
  const mysql = workload('mysql', mysqlWorkload(environment));
  const externalDns = workload('external-dns', { namespace: externalDnsNamespace, podLabels: externalDnsPodLabels });
  const certManager = (name: keyof typeof certManagerPodLabels) => workload(`cert-manager-${name}`, { namespace: certManagerNamespace, podLabels: certManagerPodLabels[name] });
  const externalSecrets = (name: string, podLabels: PodLabels) => workload(name, { namespace: externalSecretsNamespace, podLabels });
  const longhorn = (name: string, podLabels: PodLabels) => workload(name, { namespace: longhornNamespace, podLabels });
  const longhornManager = longhorn('longhorn-manager', longhornPodLabels.manager);
  const instanceManager = longhorn('instance-manager', longhornPodLabels.instanceManager);
  // The backup target is known by host name, which a policy cannot name: its port, on public addresses.
  const backupTarget = [tcp(s3AddressOf(environment).port)];
  const s3Endpoint = environment.decisions.s3.value.endpoint;
  const toS3 = (name: string, from: FlowEnd, reason: string): Flow => ({ name, reason, from, to: publicInternet, ports: backupTarget });
  // Backup, restore-test and restore pods, by the kind their package labels them with.
  const backupJob = (kind: BackupJobKind) => workload(`backup-${kind}`, { namespace: environment.appNamespace, podLabels: { [backupJobLabel]: kind } });
  const prometheus = workload('prometheus', prometheusWorkload);
  const smokeMysqlCrud = workload('smoke-mysql-crud', smokeCheckWorkload(environment, smokeCheckNames.mysqlCrud));
  const smokeXwikiIngress = workload('smoke-xwiki-ingress', smokeCheckWorkload(environment, smokeCheckNames.xwikiIngress));
  const monitoring = (name: string, podLabels: PodLabels) => workload(name, { namespace: observabilityNamespace, podLabels });
  const alertmanager = monitoring('alertmanager', observabilityPodLabels.alertmanager);
  const grafana = monitoring('grafana', observabilityPodLabels.grafana);
  const loki = monitoring('loki', observabilityPodLabels.loki);
  const metricsServer = workload('metrics-server', { namespace: metricsServerNamespace, podLabels: observabilityPodLabels.metricsServer });
  // The kubelets and node-exporter (hostNetwork) answer on the node addresses, which the
  // environment's API addresses cover (the nodes are the control plane).
  const nodes = addresses('nodes', environment.network.kubernetesApi.cidrs);
  const { alertReceiver, heartbeat, logs } = environment.observability;
  const receiverPort = alertReceiver.kind === 'email' ? Number(alertReceiver.smarthost.split(':').pop()) : https;
  // The heartbeat service is posted to over https, whatever the receiver's port.
  const receiverPorts = [...new Set([receiverPort, ...(heartbeat.enabled ? [https] : [])])];

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

    // The way in, and the application behind it.
    {
      name: 'internet-to-ingress-controller',
      // Any address: load balancers and NAT may hide the client's. The platform's own pods stay
      // out all the same: their egress is denied unless a flow below lets them in.
      reason: 'the ingress controller is the public entry point: HTTP (redirect, ACME challenges) and HTTPS',
      from: addresses('anywhere', anyAddress),
      to: ingressController,
      ports: [portOf(ingressHttpPort), portOf(ingressHttpsPort)],
    },
    {
      name: 'ingress-controller-to-xwiki',
      reason: 'the ingress controller proxies the wiki',
      from: ingressController,
      to: xwiki,
      ports: [tcp(xwikiHttpPortName)],
    },
    {
      name: 'xwiki-to-mysql',
      reason: 'XWiki stores its pages, users and history in MySQL',
      from: xwiki,
      to: mysql,
      ports: [tcp(mysqlPortName)],
    },
    {
      name: 'xwiki-to-extension-repositories',
      // The Distribution Wizard of the first start installs the standard flavor from there.
      reason: "XWiki installs and upgrades its flavor and extensions from XWiki's public extension repositories (https)",
      from: xwiki,
      to: publicInternet,
      ports: [tcp(https)],
    },

    // Certificates: ACME HTTP-01 through the ingress controller.
    {
      name: 'ingress-controller-to-acme-http01-solver',
      reason: "the ingress controller forwards Let's Encrypt's HTTP-01 challenge requests to cert-manager's solver pods",
      from: ingressController,
      to: workload('acme-http01-solver', { namespace: environment.appNamespace, podLabels: acmeSolverPodLabels }),
      ports: [portOf(acmeSolverPort)],
    },
    {
      name: 'cert-manager-to-acme',
      reason: "cert-manager orders certificates from Let's Encrypt's ACME API (https)",
      from: certManager('controller'),
      to: publicInternet,
      ports: [tcp(https)],
    },
    {
      name: 'cert-manager-http01-self-check',
      // The host name resolves to the public address; from inside the cluster kube-proxy may
      // short-circuit that address to the controller's pods (the next flow), or not (this one).
      reason: 'before asking for validation, cert-manager fetches the HTTP-01 challenge from the public address of the host',
      from: certManager('controller'),
      to: publicInternet,
      ports: [tcp(http01Port)],
    },
    {
      name: 'cert-manager-http01-self-check-in-cluster',
      reason: "cert-manager's HTTP-01 self check, when the load balancer address is routed to the ingress controller inside the cluster",
      from: certManager('controller'),
      to: ingressController,
      ports: [portOf(ingressHttpPort)],
    },
    {
      name: 'kubernetes-api-to-cert-manager-webhook',
      reason: 'the API server calls the cert-manager validating and mutating webhook',
      from: kubernetesApi,
      to: certManager('webhook'),
      ports: [portOf(certManagerWebhookPort)],
    },

    // DNS records.
    {
      name: 'external-dns-to-dns-provider',
      reason: `external-dns publishes the Ingress host names through the ${environment.dns.provider} API (https)`,
      from: externalDns,
      to: publicInternet,
      ports: [tcp(dnsProviderApiPort)],
    },

    // Secrets from Vault.
    {
      name: 'kubernetes-api-to-external-secrets-webhook',
      reason: 'the API server calls the external-secrets validating webhook',
      from: kubernetesApi,
      to: externalSecrets('external-secrets-webhook', externalSecretsPodLabels.webhook),
      ports: [portOf(externalSecretsWebhookPort)],
    },
    {
      name: 'external-secrets-to-vault',
      // Vault is known by host name, which a NetworkPolicy cannot name: only its port is enforced.
      reason: `External Secrets reads the secret contract from Vault (${environment.vault.address})`,
      from: externalSecrets('external-secrets-controller', externalSecretsPodLabels.controller),
      to: addresses('vault', anyAddress),
      ports: [tcp(vaultAddressOf(environment).port)],
    },

    // Storage: Longhorn's components talk to each other across the nodes.
    {
      name: 'longhorn-manager-to-longhorn-manager',
      reason: "longhorn-managers forward API calls to the volume owner's manager, and check the webhooks and recovery backend are up",
      from: longhornManager,
      to: longhornManager,
      ports: Object.values(longhornManagerPorts).map(portOf),
    },
    ...(
      [
        ['longhorn-ui', longhornPodLabels.ui],
        ['longhorn-driver-deployer', longhornPodLabels.driverDeployer],
        ['longhorn-csi-plugin', longhornPodLabels.csiPlugin],
        ...longhornRecurringJobNames(environment).map((job) => [`recurring-job-${job}`, longhornRecurringJobPodLabels(job)] as const),
      ] as const
    ).map(
      ([name, podLabels]): Flow => ({
        name: `${name}-to-longhorn-manager`,
        reason: 'Longhorn clients (UI, driver deployer, CSI plugin, recurring jobs) act through the longhorn-manager API',
        from: longhorn(name, podLabels),
        to: longhornManager,
        ports: [portOf(longhornManagerPorts.api)],
      }),
    ),
    {
      name: 'longhorn-manager-to-instance-manager',
      reason: 'longhorn-manager drives the engines and replicas through the instance managers',
      from: longhornManager,
      to: instanceManager,
      ports: [portOf(longhornInstanceManagerServicePorts)],
    },
    {
      name: 'instance-manager-to-instance-manager',
      reason: 'engines write to their replicas on other nodes, and replicas rebuild from each other',
      from: instanceManager,
      to: instanceManager,
      ports: [portOf(longhornInstanceManagerDataPorts)],
    },
    {
      name: 'kubernetes-api-to-longhorn-webhooks',
      reason: "the API server calls longhorn-manager's admission webhook",
      from: kubernetesApi,
      to: longhornManager,
      ports: [portOf(longhornManagerPorts.admissionWebhook)],
    },
    toS3('longhorn-manager-to-backup-target', longhornManager, `longhorn-manager lists and checks the backups in the S3 backup target (${s3Endpoint})`),
    toS3('instance-manager-to-backup-target', instanceManager, `replicas write backups to and restore them from the S3 backup target (${s3Endpoint})`),

    // Backups (and restores, which carry the label of the backup they restore).
    {
      name: 'mysql-backup-to-mysql',
      reason: 'mysqldump reads the database; a restore writes it back',
      from: backupJob('mysql'),
      to: mysql,
      ports: [tcp(mysqlPortName)],
    },
    toS3('mysql-backup-to-s3', backupJob('mysql'), `dumps are uploaded to, and restores fetched from, the S3 bucket (${s3Endpoint})`),
    {
      name: 'xwiki-export-to-xwiki',
      reason: "the XAR export calls XWiki's export action; a restore uploads the XAR back",
      from: backupJob('xwiki'),
      to: xwiki,
      ports: [tcp(xwikiHttpPortName)],
    },
    toS3('xwiki-export-to-s3', backupJob('xwiki'), `exports are uploaded to, and restores fetched from, the S3 bucket (${s3Endpoint})`),
    ...(environment.backups.restoreTestSource
      ? [
          toS3(
            'restore-test-to-s3',
            backupJob('restore-test'),
            `the restore test fetches the latest dump of ${environment.backups.restoreTestSource} from S3 (its MySQL runs in the same pod)`,
          ),
        ]
      : []),

    // The smoke checks Flux runs after every deploy (packages/smoke), each to what it checks only.
    {
      name: 'smoke-mysql-crud-to-mysql',
      reason: 'the CRUD smoke writes, reads, updates and deletes rows in its scratch database as the smoke account',
      from: smokeMysqlCrud,
      to: mysql,
      ports: [tcp(mysqlPortName)],
    },
    {
      name: 'smoke-xwiki-ingress-to-public-address',
      // As users do: the host name resolves to the load balancer's public address.
      reason: "the XWiki smoke calls the wiki's public host name over HTTP (redirect) and HTTPS (TLS, headers, certificate)",
      from: smokeXwikiIngress,
      to: publicInternet,
      ports: [tcp(http01Port), tcp(https)],
    },
    {
      name: 'smoke-xwiki-ingress-to-ingress-controller',
      reason: 'the XWiki smoke, when the load balancer address is routed to the ingress controller inside the cluster',
      from: smokeXwikiIngress,
      to: ingressController,
      ports: [portOf(ingressHttpPort), portOf(ingressHttpsPort)],
    },
    toS3('smoke-backups-present-to-s3', workload('smoke-backups-present', smokeCheckWorkload(environment, smokeCheckNames.backupsPresent)), `the backups smoke lists the newest backups in the S3 bucket (${s3Endpoint})`),

    // The monitoring stack's own traffic.
    {
      name: 'prometheus-to-nodes',
      reason: 'Prometheus scrapes node-exporter (hostNetwork) and the kubelets (metrics, cAdvisor) on the node addresses',
      from: prometheus,
      to: nodes,
      ports: [tcp(observabilityPorts.nodeExporter.port), tcp(kubeletPort)],
    },
    {
      name: 'prometheus-to-alertmanager',
      reason: 'Prometheus sends firing alerts to Alertmanager',
      from: prometheus,
      to: alertmanager,
      ports: [portOf(observabilityPorts.alertmanager)],
    },
    {
      name: 'alertmanager-to-receiver',
      // The receiver is known by host name (or hidden in a secret URL): only its port is enforced.
      reason:
        (alertReceiver.kind === 'email' ? `Alertmanager sends notifications by e-mail through ${alertReceiver.smarthost}` : 'Alertmanager posts notifications to the webhook receiver (https)') +
        (heartbeat.enabled ? `, and the Watchdog to the heartbeat service every ${heartbeat.interval} (https)` : ''),
      from: alertmanager,
      to: publicInternet,
      ports: receiverPorts.map(tcp),
    },
    {
      name: 'flux-notifications-to-alertmanager',
      // Flux's namespace is bootstrapped, not rendered: only Alertmanager's side is written here.
      reason: "Flux's notification-controller posts failed reconciliations (a failed smoke check among them) to Alertmanager",
      from: workload('flux-notification-controller', fluxNotificationControllerWorkload),
      to: alertmanager,
      ports: [portOf(observabilityPorts.alertmanager)],
    },
    {
      name: 'grafana-to-prometheus',
      reason: "Grafana's dashboards query Prometheus",
      from: grafana,
      to: prometheus,
      ports: [portOf(observabilityPorts.prometheus)],
    },
    {
      name: 'grafana-to-alertmanager',
      reason: "Grafana's Alertmanager data source shows alerts and silences",
      from: grafana,
      to: alertmanager,
      ports: [portOf(observabilityPorts.alertmanager)],
    },
    {
      name: 'kubernetes-api-to-prometheus-operator-webhook',
      reason: "the API server calls the Prometheus operator's admission webhook (PrometheusRule validation)",
      from: kubernetesApi,
      to: monitoring('prometheus-operator', observabilityPodLabels.operator),
      ports: [portOf(observabilityPorts.operator)],
    },
    {
      name: 'metrics-server-to-kubelets',
      reason: 'metrics-server reads the resource usage of nodes and pods from the kubelets',
      from: metricsServer,
      to: nodes,
      ports: [tcp(kubeletPort)],
    },
    {
      name: 'kubernetes-api-to-metrics-server',
      reason: 'the API server proxies the metrics API (kubectl top, autoscalers) to metrics-server',
      from: kubernetesApi,
      to: metricsServer,
      ports: [portOf(observabilityPorts.metricsServer)],
    },
    ...(logs.enabled
      ? [
          {
            name: 'alloy-to-loki',
            reason: 'Alloy pushes the pods’ logs to Loki',
            from: monitoring('alloy', observabilityPodLabels.alloy),
            to: loki,
            ports: [portOf(observabilityPorts.loki)],
          },
          {
            name: 'grafana-to-loki',
            reason: "Grafana's Loki data source queries the logs",
            from: grafana,
            to: loki,
            ports: [portOf(observabilityPorts.loki)],
          },
          {
            name: 'loki-to-loki',
            reason: 'the single Loki binary joins its own memberlist ring and queries itself over gRPC through its pod address',
            from: loki,
            to: loki,
            ports: [portOf(observabilityPorts.lokiGrpc), portOf(observabilityPorts.lokiMemberlist)],
          },
          scrape('alloy', monitoring('alloy', observabilityPodLabels.alloy), portOf(observabilityPorts.alloy)),
        ]
      : []),

    // Metrics: Prometheus scrapes every exporter of the platform, on its metrics port only.
    scrape('prometheus', prometheus, portOf(observabilityPorts.prometheus)),
    scrape('prometheus-reloader', prometheus, portOf(observabilityPorts.reloader)),
    scrape('alertmanager', alertmanager, portOf(observabilityPorts.alertmanager)),
    scrape('alertmanager-reloader', alertmanager, portOf(observabilityPorts.reloader)),
    scrape('prometheus-operator', monitoring('prometheus-operator', observabilityPodLabels.operator), portOf(observabilityPorts.operator)),
    scrape('kube-state-metrics', monitoring('kube-state-metrics', observabilityPodLabels.kubeStateMetrics), portOf(observabilityPorts.kubeStateMetrics)),
    scrape('grafana', grafana, portOf(observabilityPorts.grafana)),
    scrape('metrics-server', metricsServer, portOf(observabilityPorts.metricsServer)),
    scrape('coredns', workload('kube-dns', kubeDnsWorkload), tcp(coreDnsMetricsPort)),
    scrape('mysql', mysql, tcp(mysqlExporterPortName)),
    scrape('ingress-controller', ingressController, portOf(ingressMetricsPort)),
    ...(['controller', 'webhook', 'cainjector'] as const).map((name) => scrape(`cert-manager-${name}`, certManager(name), portOf(certManagerMetricsPort))),
    scrape('external-dns', externalDns, portOf(externalDnsMetricsPort)),
    ...(
      [
        ['external-secrets-controller', externalSecretsPodLabels.controller],
        ['external-secrets-webhook', externalSecretsPodLabels.webhook],
        ['external-secrets-cert-controller', externalSecretsPodLabels.certController],
      ] as const
    ).map(([name, podLabels]) => scrape(name, externalSecrets(name, podLabels), portOf(externalSecretsMetricsPort))),
    // Longhorn serves its metrics on the manager's API port: Prometheus reaches that API too.
    scrape('longhorn-manager', longhornManager, portOf(longhornManagerPorts.api)),
  ];
}
