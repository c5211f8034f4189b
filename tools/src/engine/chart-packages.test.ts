import { type ChildProcess, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { referenceDataSetting, toolchainCommand } from '@open4goods/kit';
import { externalToolAvailable } from '@open4goods/kit/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chartCacheVariable, chartMirrorDirectory, chartMirrorVariable, chartPackageOf, helmPullArguments } from './chart-packages.ts';
import type { DeployedChart } from './charts.ts';
import { sharedDataAvailable, sharedDirectory } from '../testing/shared.ts';

const mirror = join(sharedDirectory(), 'reference', 'helm-charts');
const available = sharedDataAvailable('reference/helm-charts', 'the chart package tests') && externalToolAvailable(toolchainCommand('helm'), ['version'], 'the chart package tests');

const metricsServer = (repositoryUrl: string): DeployedChart => ({
  release: 'kube-system/metrics-server',
  chart: 'metrics-server',
  version: '3.13.1',
  sourceType: 'helm',
  repositoryUrl,
});

describe('helmPullArguments', () => {
  it('pulls a classic chart from its repository URL and an OCI chart from its reference, at the pinned version', () => {
    expect(helmPullArguments(metricsServer('https://charts.example.org'), '/d')).toEqual(['pull', 'metrics-server', '--repo', 'https://charts.example.org', '--version', '3.13.1', '--destination', '/d']);
    const oci: DeployedChart = { release: 'a/b', chart: 'cert-manager', version: 'v1.21.1', sourceType: 'oci', repositoryUrl: 'oci://charts.example.org/jetstack', ociReference: 'charts.example.org/jetstack/cert-manager' };
    expect(helmPullArguments(oci, '/d')).toEqual(['pull', 'oci://charts.example.org/jetstack/cert-manager', '--version', 'v1.21.1', '--destination', '/d']);
  });
});

describe.runIf(available)('chartPackageOf', () => {
  const saved = { mirror: process.env[chartMirrorVariable], cache: process.env[chartCacheVariable], shared: process.env[referenceDataSetting] };
  let cache: string;
  let emptyShared: string;
  /** No mirror at all: neither the variable nor reference data with packaged charts. */
  const withoutMirror = () => {
    delete process.env[chartMirrorVariable];
    process.env[referenceDataSetting] = emptyShared;
  };
  beforeEach(() => {
    cache = mkdtempSync(join(tmpdir(), 'o4g-chart-cache-'));
    emptyShared = mkdtempSync(join(tmpdir(), 'o4g-shared-empty-'));
    process.env[chartCacheVariable] = cache;
  });
  afterEach(() => {
    rmSync(cache, { recursive: true, force: true });
    rmSync(emptyShared, { recursive: true, force: true });
    for (const [variable, value] of [[chartMirrorVariable, saved.mirror], [chartCacheVariable, saved.cache], [referenceDataSetting, saved.shared]] as const) {
      if (value === undefined) delete process.env[variable];
      else process.env[variable] = value;
    }
  });

  it('takes the mirror archive its index.yaml lists, checked against the index digest', () => {
    process.env[chartMirrorVariable] = mirror;
    const found = chartPackageOf(metricsServer('https://kubernetes-sigs.github.io/metrics-server'));
    expect(found).toEqual({ path: join(mirror, 'metrics-server-3.13.1.tgz'), sha256: 'd7a92ce3c7d84a2f59b9994664f078bea149ecee21bd981feb28ceb5ad7e27fd', origin: 'mirror' });
  });

  it('without O4G_CHART_MIRROR, takes the packaged charts of the reference data (what `o4g check` on a fresh clone beside ../shared needs)', () => {
    delete process.env[chartMirrorVariable];
    process.env[referenceDataSetting] = sharedDirectory();
    expect(chartMirrorDirectory()).toBe(mirror);
    const found = chartPackageOf(metricsServer('http://127.0.0.1:9'));
    expect(found).toEqual({ path: join(mirror, 'metrics-server-3.13.1.tgz'), sha256: 'd7a92ce3c7d84a2f59b9994664f078bea149ecee21bd981feb28ceb5ad7e27fd', origin: 'mirror' });
  });

  it('refuses a mirror archive whose bytes differ from its index digest', () => {
    const tampered = mkdtempSync(join(tmpdir(), 'o4g-chart-mirror-'));
    try {
      copyFileSync(join(mirror, 'index.yaml'), join(tampered, 'index.yaml'));
      writeFileSync(join(tampered, 'metrics-server-3.13.1.tgz'), 'not the chart');
      process.env[chartMirrorVariable] = tampered;
      expect(() => chartPackageOf(metricsServer('https://kubernetes-sigs.github.io/metrics-server'))).toThrow(/metrics-server-3\.13\.1\.tgz: sha256 [0-9a-f]{64} differs from the digest d7a92ce3/);
    } finally {
      rmSync(tampered, { recursive: true, force: true });
    }
  });

  it('without a mirror and offline, says what to do', () => {
    withoutMirror();
    expect(chartMirrorDirectory()).toBeUndefined();
    expect(() => chartPackageOf(metricsServer('http://127.0.0.1:9'))).toThrow(/not in the mirror \(O4G_CHART_MIRROR=unset\) nor the cache .* helm pull failed: .*\n.*add the package to a chart mirror/s);
  });

  describe('from a chart repository (the mirror served over loopback HTTP)', () => {
    let server: ChildProcess;
    let url: string;
    beforeAll(async () => {
      // In a child process: helm pull runs synchronously, and would starve a server of this one.
      const script = `const http=require('http'),fs=require('fs'),path=require('path');const s=http.createServer((q,r)=>{const f=path.join(${JSON.stringify(mirror)},path.basename(q.url));fs.readFile(f,(e,d)=>{if(e){r.writeHead(404);r.end();}else{r.end(d);}})});s.listen(0,'127.0.0.1',()=>console.log(s.address().port));setTimeout(()=>process.exit(0),120000).unref();process.on('disconnect',()=>process.exit(0));`;
      server = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
      const port = await new Promise<string>((resolve) => server.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())));
      url = `http://127.0.0.1:${port}`;
    });
    afterAll(() => {
      server.kill();
    });

    it('pulls the pinned version with helm into the cache, named by its sha256, then reuses it', () => {
      withoutMirror();
      const pulled = chartPackageOf(metricsServer(url));
      expect(pulled.origin).toBe('pull');
      expect(pulled.sha256).toBe('d7a92ce3c7d84a2f59b9994664f078bea149ecee21bd981feb28ceb5ad7e27fd');
      expect(pulled.path.startsWith(cache)).toBe(true);
      expect(pulled.path.endsWith(`/metrics-server-3.13.1/sha256-${pulled.sha256}.tgz`)).toBe(true);
      expect(chartPackageOf(metricsServer(url))).toEqual({ ...pulled, origin: 'cache' });
    });

    it('drops a damaged cache entry and pulls again', () => {
      withoutMirror();
      const pulled = chartPackageOf(metricsServer(url));
      writeFileSync(pulled.path, 'damaged');
      expect(chartPackageOf(metricsServer(url))).toEqual({ ...pulled, origin: 'pull' });
      expect(readdirSync(join(pulled.path, '..'))).toEqual([`sha256-${pulled.sha256}.tgz`]);
    });

    it('keys the cache by repository: the same chart from another URL is not taken from it', () => {
      withoutMirror();
      const pulled = chartPackageOf(metricsServer(url));
      expect(existsSync(pulled.path)).toBe(true);
      expect(() => chartPackageOf(metricsServer('http://127.0.0.1:9'))).toThrow(/helm pull failed/);
    });
  });
});
