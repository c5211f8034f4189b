import type { PlainObject } from './plain-object.ts';

/** A chart a HelmRelease deploys, resolved to the repository or registry it comes from. */
export interface DeployedChart {
  /** `<namespace>/<name>` of the HelmRelease. */
  readonly release: string;
  /** Chart name (for an OCIRepository source, the last segment of its URL). */
  readonly chart: string;
  /** The pinned chart version (`spec.chart.spec.version`, or the OCIRepository's `ref.tag`). */
  readonly version: string;
  /** `helm`: a classic https repository; `oci`: an OCI registry. */
  readonly sourceType: 'helm' | 'oci';
  /** The repository URL as written (`https://…` or `oci://…`). */
  readonly repositoryUrl: string;
  /** For OCI sources, the chart's full reference without `oci://` (registry/path/chart). */
  readonly ociReference?: string;
}

interface HelmReleaseSpec {
  chart?: { spec?: { chart?: string; version?: string; sourceRef?: { kind?: string; name?: string; namespace?: string } } };
  chartRef?: { kind?: string; name?: string; namespace?: string };
}

const withoutOciScheme = (url: string): string => url.replace(/^oci:\/\//, '').replace(/\/+$/, '');

/**
 * Every chart the HelmReleases among `objects` deploy, with its source looked up among the same
 * objects (a release whose source is not rendered beside it is an error naming both).
 */
export function chartsOf(objects: readonly PlainObject[]): DeployedChart[] {
  const find = (kind: string, name: string | undefined, namespace: string | undefined): PlainObject | undefined =>
    objects.find((object) => object.kind === kind && object.metadata.name === name && object.metadata.namespace === namespace);

  return objects
    .filter((object) => object.kind === 'HelmRelease')
    .map((release): DeployedChart => {
      const releaseName = `${release.metadata.namespace}/${release.metadata.name}`;
      const spec = (release.spec ?? {}) as HelmReleaseSpec;
      if (spec.chartRef) {
        const kind = spec.chartRef.kind ?? 'OCIRepository';
        const namespace = spec.chartRef.namespace ?? release.metadata.namespace;
        const source = find(kind, spec.chartRef.name, namespace);
        if (!source || kind !== 'OCIRepository') {
          throw new Error(`HelmRelease ${releaseName}: chartRef ${kind} ${namespace}/${spec.chartRef.name} is not rendered beside it`);
        }
        const sourceSpec = source.spec as { url: string; ref?: { tag?: string; semver?: string } };
        const reference = withoutOciScheme(sourceSpec.url);
        return {
          release: releaseName,
          chart: reference.split('/').at(-1)!,
          version: sourceSpec.ref?.tag ?? sourceSpec.ref?.semver ?? '',
          sourceType: 'oci',
          repositoryUrl: sourceSpec.url,
          ociReference: reference,
        };
      }
      const chartSpec = spec.chart?.spec;
      const sourceRef = chartSpec?.sourceRef;
      const namespace = sourceRef?.namespace ?? release.metadata.namespace;
      const repository = find('HelmRepository', sourceRef?.name, namespace);
      if (!chartSpec?.chart || !repository) {
        throw new Error(`HelmRelease ${releaseName}: HelmRepository ${namespace}/${sourceRef?.name} is not rendered beside it`);
      }
      const repositorySpec = repository.spec as { url: string; type?: string };
      const isOci = repositorySpec.type === 'oci' || repositorySpec.url.startsWith('oci://');
      return {
        release: releaseName,
        chart: chartSpec.chart,
        version: chartSpec.version ?? '',
        sourceType: isOci ? 'oci' : 'helm',
        repositoryUrl: repositorySpec.url,
        ...(isOci ? { ociReference: `${withoutOciScheme(repositorySpec.url)}/${chartSpec.chart}` } : {}),
      };
    });
}
