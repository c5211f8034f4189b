import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { standardLabels } from './labels.ts';

/** Helm repositories (and their HelmRelease objects) live beside the release they serve. */
export interface HelmChartSource {
  /** Name of the HelmRepository object. */
  readonly repositoryName: string;
  /** `https://…` for classic repositories, `oci://…` for OCI registries. */
  readonly url: string;
}

/**
 * A chart at a pinned version. Components declare one constant per chart, next to a
 * `// renovate: datasource=helm` comment, so Renovate bumps it in the TypeScript.
 */
export interface HelmChartReference {
  readonly source: HelmChartSource;
  readonly chart: string;
  readonly version: string;
}

export function renderHelmRepository(source: HelmChartSource, namespace: string): HelmRepository {
  const isOci = source.url.startsWith('oci://');
  if (!isOci && !source.url.startsWith('https://')) {
    throw new Error(`Helm repository ${source.repositoryName}: url must start with https:// or oci://, got "${source.url}"`);
  }
  return new HelmRepository({
    metadata: { name: source.repositoryName, namespace, labels: standardLabels({ name: source.repositoryName, component: 'helm-repository' }) },
    spec: { url: source.url, interval: '12h', ...(isOci ? { type: 'oci' as const } : {}) },
  });
}

export interface HelmReleaseOptions<Values> {
  readonly name: string;
  readonly namespace: string;
  readonly chart: HelmChartReference;
  /** The chart's values, typed by the component's interface for that chart. */
  readonly values: Values;
  /** Helm's own timeout for install/upgrade hooks and waits; default 10m. */
  readonly timeout?: string;
  /** Charts with CRDs in `crds/` need CreateReplace, or CRD updates are never applied. */
  readonly crdsPolicy?: 'Skip' | 'Create' | 'CreateReplace';
}

/**
 * A HelmRelease whose values are checked against the chart's TypeScript interface. Failed
 * installs and upgrades are retried and rolled back rather than left half-applied.
 */
export function renderHelmRelease<Values extends object>(options: HelmReleaseOptions<Values>): HelmRelease {
  const crds = options.crdsPolicy ?? 'CreateReplace';
  return new HelmRelease({
    metadata: { name: options.name, namespace: options.namespace, labels: standardLabels({ name: options.name, component: 'helm-release' }) },
    spec: {
      interval: '30m',
      timeout: options.timeout ?? '10m',
      chart: {
        spec: {
          chart: options.chart.chart,
          version: options.chart.version,
          sourceRef: { kind: 'HelmRepository', name: options.chart.source.repositoryName, namespace: options.namespace },
          interval: '12h',
        },
      },
      install: { crds, remediation: { retries: 3 } },
      upgrade: { crds, remediation: { retries: 3, remediateLastFailure: true }, cleanupOnFail: true },
      driftDetection: { mode: 'enabled' },
      values: options.values as Record<string, unknown>,
    },
  });
}
