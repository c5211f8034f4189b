import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { HelmRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository';
import { OCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository';
import { standardLabels } from './labels.ts';

/** Helm repositories (and their HelmRelease objects) live beside the release they serve. */
export interface HelmChartSource {
  /** Name of the HelmRepository (https) or OCIRepository (oci) object. */
  readonly repositoryName: string;
  /**
   * `https://…` for classic repositories; `oci://registry/path` for charts published as OCI
   * artifacts, without the chart name (the chart lives at `<url>/<chart>`).
   */
  readonly url: string;
}

/**
 * A chart at a pinned version. Components declare one constant per chart, next to a
 * `// renovate: datasource=helm` comment (`datasource=docker` for OCI charts), so Renovate bumps
 * it in the TypeScript.
 */
export interface HelmChartReference {
  readonly source: HelmChartSource;
  readonly chart: string;
  readonly version: string;
}

/** The media type of a Helm chart layer in an OCI artifact. */
export const helmChartLayerMediaType = 'application/vnd.cncf.helm.chart.content.v1.tar+gzip';

export function isOciChart(chart: Pick<HelmChartReference, 'source'>): boolean {
  return chart.source.url.startsWith('oci://');
}

function checkSourceUrl(source: HelmChartSource): void {
  if (!source.url.startsWith('oci://') && !source.url.startsWith('https://')) {
    throw new Error(`Helm repository ${source.repositoryName}: url must start with https:// or oci://, got "${source.url}"`);
  }
}

/** A classic (https) Helm repository. OCI charts are served by an OCIRepository: see renderChartSource. */
export function renderHelmRepository(source: HelmChartSource, namespace: string): HelmRepository {
  checkSourceUrl(source);
  if (source.url.startsWith('oci://')) {
    throw new Error(`Helm repository ${source.repositoryName}: "${source.url}" is an OCI registry; render it with renderChartSource (an OCIRepository)`);
  }
  return new HelmRepository({
    metadata: { name: source.repositoryName, namespace, labels: standardLabels({ name: source.repositoryName, component: 'helm-repository' }) },
    spec: { url: source.url, interval: '12h' },
  });
}

/**
 * An OCIRepository holding exactly one chart at its pinned version (Flux's way for OCI charts:
 * the HelmRelease then refers to it through `chartRef`).
 */
export function renderOciChartRepository(chart: HelmChartReference, namespace: string): OCIRepository {
  checkSourceUrl(chart.source);
  if (!isOciChart(chart)) throw new Error(`chart ${chart.chart}: "${chart.source.url}" is not an oci:// registry; render it with renderHelmRepository`);
  return new OCIRepository({
    metadata: { name: chart.source.repositoryName, namespace, labels: standardLabels({ name: chart.source.repositoryName, component: 'helm-repository' }) },
    spec: {
      url: `${chart.source.url.replace(/\/$/, '')}/${chart.chart}`,
      ref: { tag: chart.version },
      interval: '12h',
      layerSelector: { mediaType: helmChartLayerMediaType, operation: 'copy' },
    },
  });
}

/** The Flux source a chart is fetched from: a HelmRepository (https) or an OCIRepository (oci). */
export function renderChartSource(chart: HelmChartReference, namespace: string): HelmRepository | OCIRepository {
  return isOciChart(chart) ? renderOciChartRepository(chart, namespace) : renderHelmRepository(chart.source, namespace);
}

export type CrdsPolicy = 'Skip' | 'Create' | 'CreateReplace';

export interface HelmReleaseOptions<Values> {
  readonly name: string;
  readonly namespace: string;
  readonly chart: HelmChartReference;
  /** The chart's values, typed by the component's interface for that chart. */
  readonly values: Values;
  /** Helm's own timeout for install/upgrade hooks and waits; default 10m. */
  readonly timeout?: string;
  /** Charts with CRDs in `crds/` need CreateReplace, or CRD updates are never applied. */
  readonly crdsPolicy?: CrdsPolicy;
  /**
   * Why helm-controller must not validate the values against the chart's values.schema.json on
   * install and upgrade (a schema whose remote `$ref`s Helm fetches on every validation). Only
   * for such a chart; the build's render (tools/src/engine/chart-render.ts) skips it alike.
   */
  readonly skipSchemaValidationBecause?: string;
  /**
   * Strategic-merge patches helm-controller applies to the chart's output (a kustomize post-renderer),
   * for what the chart's values cannot change; `{ $patch: 'delete' }` removes the target. The
   * build renders them with kustomize too, so the checks see what the cluster gets.
   */
  readonly postRenderPatches?: readonly PostRenderPatch[];
}

export interface PostRenderPatch {
  /** Without a name, the patch applies to every object of the kind. */
  readonly target: { readonly group?: string; readonly version: string; readonly kind: string; readonly name?: string };
  readonly patch: Record<string, unknown>;
}

/** The annotation that records why a release skips schema validation (read by the build and reviewers). */
export const skipSchemaValidationAnnotation = 'open4goods.org/skip-schema-validation';

/**
 * A HelmRelease whose values are checked against the chart's TypeScript interface. Failed
 * installs and upgrades are retried and rolled back rather than left half-applied.
 */
export function renderHelmRelease<Values extends object>(options: HelmReleaseOptions<Values>): HelmRelease {
  const crds = options.crdsPolicy ?? 'CreateReplace';
  const { chart } = options;
  const reason = options.skipSchemaValidationBecause?.trim();
  if (options.skipSchemaValidationBecause !== undefined && !reason) throw new Error(`HelmRelease ${options.namespace}/${options.name}: skipSchemaValidationBecause must say why`);
  const schema = reason ? { disableSchemaValidation: true } : {};
  const chartSource = isOciChart(chart)
    ? { chartRef: { kind: 'OCIRepository' as const, name: chart.source.repositoryName, namespace: options.namespace } }
    : {
        chart: {
          spec: {
            chart: chart.chart,
            version: chart.version,
            sourceRef: { kind: 'HelmRepository' as const, name: chart.source.repositoryName, namespace: options.namespace },
            interval: '12h',
          },
        },
      };
  return new HelmRelease({
    metadata: {
      name: options.name,
      namespace: options.namespace,
      labels: standardLabels({ name: options.name, component: 'helm-release' }),
      ...(reason ? { annotations: { [skipSchemaValidationAnnotation]: reason } } : {}),
    },
    spec: {
      interval: '30m',
      timeout: options.timeout ?? '10m',
      ...chartSource,
      install: { crds, ...schema, remediation: { retries: 3 } },
      upgrade: { crds, ...schema, remediation: { retries: 3, remediateLastFailure: true }, cleanupOnFail: true },
      driftDetection: { mode: 'enabled' },
      values: options.values as Record<string, unknown>,
      ...(options.postRenderPatches?.length
        ? {
            postRenderers: [
              {
                kustomize: {
                  patches: options.postRenderPatches.map(({ target, patch: { metadata, ...body } }) => ({
                    target,
                    // kustomize needs a name in a strategic-merge patch; with a target it patches
                    // every object the target selects, whatever that name is.
                    patch: JSON.stringify({
                      apiVersion: target.group ? `${target.group}/${target.version}` : target.version,
                      kind: target.kind,
                      metadata: { name: target.name ?? `every-${target.kind.toLowerCase()}`, ...(metadata as object | undefined) },
                      ...body,
                    }),
                  })),
                },
              },
            ],
          }
        : {}),
    },
  });
}
