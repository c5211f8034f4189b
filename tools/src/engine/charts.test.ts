import { type HelmChartReference, renderHelmRelease, renderHelmRepository } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { chartsOf } from './charts.ts';
import { type PlainObject, toPlainObject } from './plain-object.ts';

const longhorn: HelmChartReference = { source: { repositoryName: 'longhorn', url: 'https://charts.longhorn.io' }, chart: 'longhorn', version: '1.12.1' };

function releaseAndRepository(chart: HelmChartReference, namespace: string): PlainObject[] {
  return [
    toPlainObject(renderHelmRepository(chart.source, namespace)),
    toPlainObject(renderHelmRelease({ name: chart.chart, namespace, chart, values: {} })),
  ];
}

describe('chartsOf', () => {
  it('lists a release from a classic https repository with its chart, version and URL', () => {
    expect(chartsOf(releaseAndRepository(longhorn, 'longhorn-system'))).toEqual([
      { release: 'longhorn-system/longhorn', chart: 'longhorn', version: '1.12.1', sourceType: 'helm', repositoryUrl: 'https://charts.longhorn.io' },
    ]);
  });

  it('resolves a release that points at an OCIRepository through chartRef', () => {
    const objects: PlainObject[] = [
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'OCIRepository',
        metadata: { name: 'envoy-gateway', namespace: 'envoy-gateway-system' },
        spec: { url: 'oci://docker.io/envoyproxy/gateway-helm', ref: { tag: '1.8.0' } },
      },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'envoy-gateway', namespace: 'envoy-gateway-system' },
        spec: { chartRef: { kind: 'OCIRepository', name: 'envoy-gateway' } },
      },
    ];
    expect(chartsOf(objects)).toEqual([
      {
        release: 'envoy-gateway-system/envoy-gateway',
        chart: 'gateway-helm',
        version: '1.8.0',
        sourceType: 'oci',
        repositoryUrl: 'oci://docker.io/envoyproxy/gateway-helm',
        ociReference: 'docker.io/envoyproxy/gateway-helm',
      },
    ]);
  });

  it('resolves a release from a HelmRepository of type oci (Flux reads it as an OCI registry)', () => {
    const objects: PlainObject[] = [
      {
        apiVersion: 'source.toolkit.fluxcd.io/v1',
        kind: 'HelmRepository',
        metadata: { name: 'jetstack', namespace: 'cert-manager' },
        spec: { type: 'oci', url: 'oci://charts.example.org/jetstack/' },
      },
      {
        apiVersion: 'helm.toolkit.fluxcd.io/v2',
        kind: 'HelmRelease',
        metadata: { name: 'cert-manager', namespace: 'cert-manager' },
        spec: { chart: { spec: { chart: 'cert-manager', version: 'v1.21.1', sourceRef: { kind: 'HelmRepository', name: 'jetstack' } } } },
      },
    ];
    expect(chartsOf(objects)).toEqual([
      {
        release: 'cert-manager/cert-manager',
        chart: 'cert-manager',
        version: 'v1.21.1',
        sourceType: 'oci',
        repositoryUrl: 'oci://charts.example.org/jetstack/',
        ociReference: 'charts.example.org/jetstack/cert-manager',
      },
    ]);
  });

  it('ignores objects that are not HelmReleases', () => {
    expect(chartsOf([releaseAndRepository(longhorn, 'longhorn-system')[0]!])).toEqual([]);
  });

  it('refuses a release whose repository is not rendered beside it, naming both', () => {
    const [, release] = releaseAndRepository(longhorn, 'longhorn-system');
    expect(() => chartsOf([release!])).toThrow('HelmRelease longhorn-system/longhorn: HelmRepository longhorn-system/longhorn is not rendered beside it');
  });

  it('refuses a chartRef to a source that is not rendered', () => {
    const release: PlainObject = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: { name: 'gateway', namespace: 'gateway' },
      spec: { chartRef: { kind: 'OCIRepository', name: 'missing' } },
    };
    expect(() => chartsOf([release])).toThrow('HelmRelease gateway/gateway: chartRef OCIRepository gateway/missing is not rendered beside it');
  });
});
