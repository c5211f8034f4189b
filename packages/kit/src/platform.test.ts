import { defineEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { unavailablePlatformView } from './platform.ts';
import { kubeDnsPorts, kubeDnsWorkload, observabilityNamespace, prometheusWorkload, s3AddressOf, vaultAddressOf, workloadPodLabels } from './platform-names.ts';
import { podPortsOf } from './pod-templates.ts';
import { boundServiceAccounts } from './service-accounts.ts';

describe('unavailablePlatformView', () => {
  it('refuses to be read, naming the unit that forgot readsPlatform', () => {
    const view = unavailablePlatformView('apps/web/main');
    expect(() => view.objects).toThrow('unit apps/web/main reads the rendered platform but does not declare readsPlatform: true');
    expect(() => view.chartWorkloads).toThrow('readsPlatform');
    expect(() => view.namespaceLayers).toThrow('readsPlatform');
  });
});

describe('platform names for network flows', () => {
  it('select Prometheus in the observability namespace and CoreDNS in kube-system', () => {
    expect(prometheusWorkload).toEqual({ namespace: observabilityNamespace, podLabels: { 'app.kubernetes.io/name': 'prometheus' } });
    expect(kubeDnsWorkload).toEqual({ namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } });
    expect(kubeDnsPorts.map((port) => `${port.port}/${port.protocol}`)).toEqual(['53/UDP', '53/TCP']);
  });

  it('read the Vault port from the server URL, 443 by default', () => {
    expect(vaultAddressOf(defineEnvironment('a', 'a.ts', {}))).toEqual({ host: 'vault.open4goods.org', port: 8200 });
    expect(vaultAddressOf(defineEnvironment('b', 'b.ts', { vault: { address: 'https://vault.example.org' } }))).toEqual({ host: 'vault.example.org', port: 443 });
  });

  it('read the S3 port from the decided endpoint, 443 by default', () => {
    const base = defineEnvironment('a', 'a.ts', {});
    expect(s3AddressOf(base)).toEqual({ host: 's3.gra.io.cloud.ovh.net', port: 443 });
    const decision = (endpoint: string) => ({ s3: { ...base.decisions.s3, value: { ...base.decisions.s3.value, endpoint } } });
    expect(s3AddressOf(defineEnvironment('b', 'b.ts', { decisions: decision('https://minio.example.org:9000') }))).toEqual({ host: 'minio.example.org', port: 9000 });
  });

  it('label chart pods with our own workload label', () => {
    expect(workloadPodLabels('ingress-controller')).toEqual({ 'open4goods.org/workload': 'ingress-controller' });
  });
});

describe('podPortsOf', () => {
  it('lists the container ports with their names, TCP by default, and skips init containers', () => {
    expect(
      podPortsOf({
        initContainers: [{ name: 'init', ports: [{ containerPort: 1 }] }],
        containers: [
          { name: 'app', ports: [{ name: 'http', containerPort: 8080 }, { containerPort: 53, protocol: 'UDP' }] },
          { name: 'sidecar', ports: [{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }] },
        ],
      }),
    ).toEqual([
      { name: 'http', port: 8080, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
      { name: 'metrics', port: 9100, protocol: 'TCP' },
    ]);
  });
});

describe('boundServiceAccounts', () => {
  it('collects the ServiceAccounts of RoleBindings (their namespace by default) and ClusterRoleBindings', () => {
    const bound = boundServiceAccounts([
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'a', namespace: 'apps' }, subjects: [{ kind: 'ServiceAccount', name: 'web' }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, subjects: [{ kind: 'ServiceAccount', name: 'ctl', namespace: 'ops' }, { kind: 'Group', name: 'ops' }] },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'other', namespace: 'apps' } },
    ]);
    expect([...bound].sort()).toEqual(['apps/web', 'ops/ctl']);
  });
});
