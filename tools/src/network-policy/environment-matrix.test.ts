import { prometheusWorkload } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { objectsOf } from '../engine/render.ts';
import { planBuild } from '../engine/plan.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { buildInputOf, loadWorkspace } from '../workspace.ts';
import type { PodEndpoint } from './endpoints.ts';
import { environmentMatrix } from './environment-matrix.ts';
import { formatPort } from './matrix.ts';

const workspace = loadWorkspace(repositoryRoot);
const plan = planBuild(buildInputOf(workspace));

/** Workloads of packages that are not on this branch yet, as their packages will label them. */
function futureWorkloads(appNamespace: string): PodEndpoint[] {
  const pod = (name: string, namespace: string, labels: Record<string, string>, ports: PodEndpoint['ports'] = []): PodEndpoint => ({
    kind: 'pod',
    name,
    namespace,
    labels,
    namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
    ports,
  });
  return [
    pod('prometheus', prometheusWorkload.namespace, { ...prometheusWorkload.podLabels }),
    pod('ingress-controller', 'ingress-nginx', { 'app.kubernetes.io/name': 'ingress-nginx' }, [{ name: 'https', port: 443, protocol: 'TCP' }]),
  ];
}

describe.each(['prod', 'staging'] as const)('the connectivity matrix of %s', (name) => {
  const render = plan.renders.find((candidate) => candidate.environment.name === name)!;
  const environment = render.environment;
  const app = environment.appNamespace;
  const matrix = environmentMatrix(environment, objectsOf(render), workspace.components, futureWorkloads(app));
  const lines = matrix.flows.map((flow) => `${flow.from} -> ${flow.to}: ${flow.ports.map(formatPort).join(', ')}`).sort();
  const dns = 'kube-system/kube-dns: 53/UDP (dns), 53/TCP (dns-tcp)';
  const api = 'kubernetes-api: 443/TCP, 6443/TCP';

  it('allows exactly the flows the platform needs, and nothing else', () => {
    expect(lines).toEqual(
      [
        `${app}/mysql -> ${dns}`,
        `${app}/xwiki -> ${dns}`,
        `external-secrets/external-secrets-controller -> ${dns}`,
        `external-secrets/external-secrets-controller -> ${api}`,
        'external-secrets/external-secrets-controller -> vault: 8200/TCP',
        `external-secrets/external-secrets-webhook -> ${dns}`,
        `external-secrets/external-secrets-webhook -> ${api}`,
        `external-secrets/external-secrets-cert-controller -> ${dns}`,
        `external-secrets/external-secrets-cert-controller -> ${api}`,
        'kubernetes-api -> external-secrets/external-secrets-webhook: 10250/TCP (webhook)',
        `observability/prometheus -> ${app}/mysql: 9104/TCP (metrics)`,
      ].sort(),
    );
  });

  const allowed = (from: string, to: string) => matrix.flows.some((flow) => flow.from === from && flow.to === to);

  it('denies the ingress controller access to MySQL', () => {
    expect(allowed('ingress-nginx/ingress-controller', `${app}/mysql`)).toBe(false);
  });

  it('denies XWiki the Kubernetes API (it is no controller)', () => {
    expect(allowed(`${app}/xwiki`, 'kubernetes-api')).toBe(false);
  });

  it('lets nothing reach MySQL but the exporter scrape (XWiki and backups get their flows with their packages)', () => {
    const intoMysql = matrix.flows.filter((flow) => flow.to === `${app}/mysql`);
    expect(intoMysql).toEqual([{ from: 'observability/prometheus', to: `${app}/mysql`, ports: [{ name: 'metrics', port: 9104, protocol: 'TCP' }] }]);
  });

  it('lets no workload of the platform reach the internet', () => {
    expect(matrix.flows.filter((flow) => flow.to === 'internet')).toEqual([]);
  });

  it('keeps the MySQL port closed to everything', () => {
    expect(matrix.flows.filter((flow) => flow.ports.some((port) => port.port === 3306))).toEqual([]);
  });
});
