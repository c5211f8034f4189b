import { Kustomization } from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization';
import { GitRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository';
import { standardLabels } from '@open4goods/kit';
import { fluxNamespace, prometheusOperatorCrdsName } from './names.ts';
import { prometheusOperatorSource } from './sources.ts';

const labels = () => standardLabels({ name: prometheusOperatorCrdsName, component: 'crds' });

/**
 * A .gitignore that keeps one directory of a repository. Git cannot re-include a path whose parent
 * is excluded, so each level is re-included, then emptied of everything else.
 */
export function onlyDirectory(path: string): string {
  const parts = path.split('/');
  const lines = ['/*'];
  parts.forEach((_part, index) => {
    const prefix = parts.slice(0, index + 1).join('/');
    lines.push(`!/${prefix}/`);
    if (index < parts.length - 1) lines.push(`/${prefix}/*`);
  });
  return `${lines.join('\n')}\n`;
}

/** The operator's repository at the pinned tag, reduced to the CRD directory. */
export function renderPrometheusOperatorRepository(): GitRepository {
  return new GitRepository({
    metadata: { name: prometheusOperatorCrdsName, namespace: fluxNamespace, labels: labels() },
    spec: {
      url: prometheusOperatorSource.url,
      ref: { tag: prometheusOperatorSource.tag },
      interval: '12h',
      ignore: onlyDirectory(prometheusOperatorSource.path),
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
