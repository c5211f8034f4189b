import { describe, expect, it } from 'vitest';
import {
  type HelmChartReference,
  helmChartLayerMediaType,
  renderChartSource,
  renderHelmRelease,
  renderHelmRepository,
  renderOciChartRepository,
  skipSchemaValidationAnnotation,
} from './helm-release.ts';

const bitnami = { repositoryName: 'bitnami', url: 'https://charts.bitnami.com/bitnami' };
const chart: HelmChartReference = { source: bitnami, chart: 'external-dns', version: '8.9.2' };

interface ExternalDnsValues {
  readonly provider: { readonly name: string };
  readonly domainFilters: readonly string[];
}

const values: ExternalDnsValues = { provider: { name: 'ovh' }, domainFilters: ['open4goods.org'] };

describe('renderHelmRelease', () => {
  const release = renderHelmRelease({ name: 'external-dns', namespace: 'external-dns', chart, values });

  it('renders a valid helm.toolkit.fluxcd.io/v2 HelmRelease', () => {
    expect(() => release.validate()).not.toThrow();
    expect(release.apiVersion).toBe('helm.toolkit.fluxcd.io/v2');
    expect(release.kind).toBe('HelmRelease');
    expect(release.metadata?.name).toBe('external-dns');
    expect(release.metadata?.namespace).toBe('external-dns');
  });

  it('pins the chart version and points at the HelmRepository in the same namespace', () => {
    expect(release.spec?.chart?.spec).toEqual({
      chart: 'external-dns',
      version: '8.9.2',
      sourceRef: { kind: 'HelmRepository', name: 'bitnami', namespace: 'external-dns' },
      interval: '12h',
    });
  });

  it('uses CreateReplace for CRDs by default, on install and on upgrade', () => {
    expect(release.spec?.install?.crds).toBe('CreateReplace');
    expect(release.spec?.upgrade?.crds).toBe('CreateReplace');
  });

  it('uses the CRD policy it is given', () => {
    const skipping = renderHelmRelease({ name: 'a', namespace: 'b', chart, values, crdsPolicy: 'Skip' });
    expect(skipping.spec?.install?.crds).toBe('Skip');
    expect(skipping.spec?.upgrade?.crds).toBe('Skip');
    expect(() => skipping.validate()).not.toThrow();
  });

  it('retries and remediates failed installs and upgrades, and detects drift', () => {
    expect(release.spec?.install?.remediation).toEqual({ retries: 3 });
    expect(release.spec?.upgrade?.remediation).toEqual({ retries: 3, remediateLastFailure: true });
    expect(release.spec?.upgrade?.cleanupOnFail).toBe(true);
    expect(release.spec?.driftDetection).toEqual({ mode: 'enabled' });
    expect(release.spec?.interval).toBe('30m');
  });

  it('times Helm out after 10m unless told otherwise', () => {
    expect(release.spec?.timeout).toBe('10m');
    expect(renderHelmRelease({ name: 'a', namespace: 'b', chart, values, timeout: '20m' }).spec?.timeout).toBe('20m');
  });

  it('passes the values through', () => {
    expect(release.spec?.values).toEqual({ provider: { name: 'ovh' }, domainFilters: ['open4goods.org'] });
  });

  it('labels the release', () => {
    expect(release.metadata?.labels).toEqual({
      'app.kubernetes.io/name': 'external-dns',
      'app.kubernetes.io/instance': 'external-dns',
      'app.kubernetes.io/component': 'helm-release',
      'app.kubernetes.io/part-of': 'open4goods',
      'app.kubernetes.io/managed-by': 'o4g',
    });
  });
});

describe('renderHelmRepository', () => {
  it('renders a valid https HelmRepository without type', () => {
    const repository = renderHelmRepository(bitnami, 'external-dns');
    expect(() => repository.validate()).not.toThrow();
    expect(repository.apiVersion).toBe('source.toolkit.fluxcd.io/v1');
    expect(repository.kind).toBe('HelmRepository');
    expect(repository.metadata?.name).toBe('bitnami');
    expect(repository.metadata?.namespace).toBe('external-dns');
    expect(repository.metadata?.labels?.['app.kubernetes.io/component']).toBe('helm-repository');
    expect(repository.spec).toEqual({ url: 'https://charts.bitnami.com/bitnami', interval: '12h' });
  });

  it('refuses an OCI registry: OCI charts are served by an OCIRepository', () => {
    expect(() => renderHelmRepository({ repositoryName: 'jetstack', url: 'oci://quay.io/jetstack/charts' }, 'cert-manager')).toThrow(
      'Helm repository jetstack: "oci://quay.io/jetstack/charts" is an OCI registry; render it with renderChartSource (an OCIRepository)',
    );
  });

  it.each(['http://charts.example.org', 'charts.example.org', 'ftp://charts.example.org', ''])('refuses the URL %j', (url) => {
    expect(() => renderHelmRepository({ repositoryName: 'insecure', url }, 'ns')).toThrow(
      `Helm repository insecure: url must start with https:// or oci://, got "${url}"`,
    );
  });
});

describe('OCI charts', () => {
  const ociChart: HelmChartReference = { source: { repositoryName: 'cert-manager', url: 'oci://quay.io/jetstack/charts' }, chart: 'cert-manager', version: 'v1.21.1' };

  it('are fetched by a valid OCIRepository pinned to the chart version, selecting the Helm chart layer', () => {
    const repository = renderOciChartRepository(ociChart, 'cert-manager');
    expect(() => repository.validate()).not.toThrow();
    expect(repository.apiVersion).toBe('source.toolkit.fluxcd.io/v1');
    expect(repository.kind).toBe('OCIRepository');
    expect(repository.metadata).toMatchObject({ name: 'cert-manager', namespace: 'cert-manager' });
    expect(repository.spec).toEqual({
      url: 'oci://quay.io/jetstack/charts/cert-manager',
      ref: { tag: 'v1.21.1' },
      interval: '12h',
      layerSelector: { mediaType: helmChartLayerMediaType, operation: 'copy' },
    });
    expect(helmChartLayerMediaType).toBe('application/vnd.cncf.helm.chart.content.v1.tar+gzip');
  });

  it('are released through chartRef, without a chart template', () => {
    const release = renderHelmRelease({ name: 'cert-manager', namespace: 'cert-manager', chart: ociChart, values: {} });
    expect(() => release.validate()).not.toThrow();
    expect(release.spec?.chartRef).toEqual({ kind: 'OCIRepository', name: 'cert-manager', namespace: 'cert-manager' });
    expect(release.spec?.chart).toBeUndefined();
  });

  it('renderChartSource picks the kind of source from the URL', () => {
    expect(renderChartSource(ociChart, 'a').kind).toBe('OCIRepository');
    expect(renderChartSource(chart, 'a').kind).toBe('HelmRepository');
  });

  it('refuses an https repository as an OCIRepository', () => {
    expect(() => renderOciChartRepository(chart, 'a')).toThrow('chart external-dns: "https://charts.bitnami.com/bitnami" is not an oci:// registry; render it with renderHelmRepository');
  });

  it('refuses a plain http URL', () => {
    expect(() => renderChartSource({ ...ociChart, source: { repositoryName: 'x', url: 'http://quay.io/charts' } }, 'a')).toThrow(
      'Helm repository x: url must start with https:// or oci://, got "http://quay.io/charts"',
    );
  });

  it('skips schema validation on install and upgrade only with a reason, which it records', () => {
    const validated = renderHelmRelease({ name: 'x', namespace: 'a', chart, values: {} });
    expect(validated.spec?.install?.disableSchemaValidation).toBeUndefined();
    expect(validated.spec?.upgrade?.disableSchemaValidation).toBeUndefined();
    const skipped = renderHelmRelease({ name: 'x', namespace: 'a', chart, values: {}, skipSchemaValidationBecause: 'remote $refs' });
    expect(skipped.spec?.install?.disableSchemaValidation).toBe(true);
    expect(skipped.spec?.upgrade?.disableSchemaValidation).toBe(true);
    expect(skipped.metadata?.annotations?.[skipSchemaValidationAnnotation]).toBe('remote $refs');
    expect(() => renderHelmRelease({ name: 'x', namespace: 'a', chart, values: {}, skipSchemaValidationBecause: ' ' })).toThrow('HelmRelease a/x: skipSchemaValidationBecause must say why');
  });
});
