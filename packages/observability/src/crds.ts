import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { standardLabels } from '@open4goods/kit';
import { fluxNamespace, prometheusOperatorCrdsName } from './names.ts';
import { prometheusOperatorSource } from './sources.ts';

const labels = () => standardLabels({ name: prometheusOperatorCrdsName, component: 'crds' });

/** The operator's repository at the pinned tag, reduced to the CRD directory. */
export function renderPrometheusOperatorRepository(): GitRepository {
  return new GitRepository({
    metadata: { name: prometheusOperatorCrdsName, namespace: fluxNamespace, labels: labels() },
    spec: {
      url: prometheusOperatorSource.url,
      ref: { tag: prometheusOperatorSource.tag },
      interval: '12h',
      ignore: `/*\n!/${prometheusOperatorSource.path}/\n`,
    },
  });
}

/**
 * Applies the CRDs and waits until the API server serves them. Never prunes: deleting a CRD
 * deletes every ServiceMonitor and PrometheusRule of the cluster with it.
 */
export function renderPrometheusOperatorCrds(): Kustomization {
  return new Kustomization({
    metadata: { name: prometheusOperatorCrdsName, namespace: fluxNamespace, labels: labels() },
    spec: {
      interval: '12h',
      retryInterval: '2m',
      timeout: '5m',
      path: `./${prometheusOperatorSource.path}`,
      prune: false,
      wait: true,
      sourceRef: { kind: 'GitRepository', name: prometheusOperatorCrdsName },
    },
  });
}
