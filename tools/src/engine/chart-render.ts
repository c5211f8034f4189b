import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolchainCommand } from '@open4goods/kit';
import { parseAllDocuments } from 'yaml';
import { type ChartPackage, chartPackageOf } from './chart-packages.ts';
import { type DeployedChart, chartsOf } from './charts.ts';
import { clusterApiVersions, clusterKubernetesVersion } from './cluster-capabilities.ts';
import type { PlainObject } from './plain-object.ts';

/** What helm-controller installs for one HelmRelease, as `helm template` renders it. */
export interface RenderedChart {
  readonly chart: DeployedChart;
  /** Helm's release name and namespace (Flux: spec.releaseName, spec.targetNamespace, else the HelmRelease's own). */
  readonly releaseName: string;
  readonly namespace: string;
  readonly package: ChartPackage;
  readonly objects: readonly PlainObject[];
  /** The CRDs Helm applies from the chart's crds/ directory: it never deletes those (the others are templates, deleted with the release). */
  readonly crdDirectoryNames: readonly string[];
}

interface ReleaseSpec {
  releaseName?: string;
  targetNamespace?: string;
  values?: Record<string, unknown>;
  valuesFrom?: unknown[];
  install?: { crds?: string; disableSchemaValidation?: boolean; disableHooks?: boolean };
  postRenderers?: { kustomize?: { patches?: { target?: Record<string, unknown>; patch: string }[]; images?: unknown[] } }[];
}

/**
 * helm-controller's kustomize post-renderers, applied by real kustomize (kubectl's): the chart's
 * output as the only resource, the release's patches over it.
 */
function postRender(objects: readonly PlainObject[], postRenderers: NonNullable<ReleaseSpec['postRenderers']>, where: string): readonly PlainObject[] {
  let current = objects;
  for (const renderer of postRenderers) {
    if (!renderer.kustomize || renderer.kustomize.images?.length) throw new Error(`${where}: only kustomize patches are rendered by the build as post-renderers`);
    const directory = mkdtempSync(join(tmpdir(), 'o4g-post-render-'));
    try {
      writeFileSync(join(directory, 'chart.yaml'), current.map((object) => JSON.stringify(object)).join('\n---\n'));
      writeFileSync(join(directory, 'kustomization.yaml'), JSON.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['chart.yaml'], patches: renderer.kustomize.patches ?? [] }));
      let output: string;
      try {
        output = execFileSync('kubectl', ['kustomize', directory], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
      } catch (error) {
        const failure = error as { stderr?: string; message: string };
        throw new Error(`${where}: the post-renderer's patches fail in kustomize: ${String(failure.stderr || failure.message).trim()}`);
      }
      current = parseObjects(output);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }
  return current;
}

const isObject = (object: PlainObject | null): object is PlainObject => object !== null && typeof object === 'object' && typeof object.kind === 'string';

const parseObjects = (output: string): PlainObject[] => parseAllDocuments(output).map((document) => document.toJS() as PlainObject | null).filter(isObject);

interface HelmOutput {
  readonly objects: readonly PlainObject[];
  readonly crdDirectoryNames: readonly string[];
}

/**
 * Helm heads each document with `# Source: <chart>/<path>`: `<chart>/crds/…` (or a subchart's
 * `<chart>/charts/<sub>/crds/…`) for the crds/ directory, `<chart>/templates/…` for templates.
 */
function parseHelmOutput(output: string): HelmOutput {
  const crdDirectoryNames: string[] = [];
  const objects = parseAllDocuments(output).flatMap((document) => {
    const object = document.toJS() as PlainObject | null;
    if (!isObject(object)) return [];
    const source = /Source: ([^\n]+)/.exec(`${document.commentBefore ?? ''}\n${document.contents?.commentBefore ?? ''}`)?.[1]?.trim() ?? '';
    if (object.kind === 'CustomResourceDefinition' && /^[^/]+(\/charts\/[^/]+)*\/crds\//.test(source)) crdDirectoryNames.push(object.metadata.name);
    return [object];
  });
  return { objects, crdDirectoryNames };
}

/** The `helm template` arguments for a release, as helm-controller installs it (see docs/architecture.md). */
export function helmTemplateArguments(spec: ReleaseSpec, releaseName: string, namespace: string, packagePath: string, valuesFile: string): string[] {
  const install = spec.install ?? {};
  return [
    'template',
    releaseName,
    packagePath,
    '--namespace',
    namespace,
    '--values',
    valuesFile,
    '--kube-version',
    clusterKubernetesVersion,
    ...clusterApiVersions.flatMap((apiVersion) => ['--api-versions', apiVersion]),
    // helm-controller applies crds/ unless the release's CRD policy is Skip.
    ...(install.crds === 'Skip' ? [] : ['--include-crds']),
    ...(install.disableSchemaValidation ? ['--skip-schema-validation'] : []),
    ...(install.disableHooks ? ['--no-hooks'] : []),
  ];
}

const renders = new Map<string, HelmOutput>();

/** Runs Helm; a chart that refuses the values fails with Helm's (the chart's) own message. */
function helmTemplate(args: readonly string[], values: unknown, where: string): HelmOutput {
  const directory = mkdtempSync(join(tmpdir(), 'o4g-helm-'));
  try {
    const valuesFile = join(directory, 'values.json');
    writeFileSync(valuesFile, JSON.stringify(values ?? {}));
    let output: string;
    try {
      output = execFileSync(toolchainCommand('helm'), args.map((arg) => (arg === '@values' ? valuesFile : arg)), {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 256 * 1024 * 1024,
      });
    } catch (error) {
      const failure = error as { stderr?: string; code?: string; message: string };
      if (failure.code === 'ENOENT') throw new Error(`${where}: helm is not installed: run toolchain/install helm (it builds the pinned Helm into ~/.cache/o4g/toolchain/bin)`);
      throw new Error(`${where}: helm template failed: ${String(failure.stderr || failure.message).trim()}`);
    }
    return parseHelmOutput(output);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** One HelmRelease (with its source among `objects`) rendered by real Helm; renders are memoized by package, arguments and values. */
export function renderChartRelease(release: PlainObject, chart: DeployedChart): RenderedChart {
  const spec = (release.spec ?? {}) as ReleaseSpec;
  const where = `HelmRelease ${chart.release} (chart ${chart.chart} ${chart.version})`;
  if (spec.valuesFrom?.length) throw new Error(`${where}: valuesFrom is not rendered by the build; put the values in spec.values`);
  const namespace = spec.targetNamespace ?? release.metadata.namespace!;
  const releaseName = spec.releaseName ?? (spec.targetNamespace ? `${spec.targetNamespace}-${release.metadata.name}` : release.metadata.name);
  const chartPackage = chartPackageOf(chart);
  const args = helmTemplateArguments(spec, releaseName, namespace, chartPackage.path, '@values');
  const key = createHash('sha256').update(JSON.stringify([chartPackage.sha256, args.slice(3), spec.values ?? {}, spec.postRenderers ?? []])).digest('hex');
  let rendered = renders.get(key);
  if (!rendered) {
    rendered = helmTemplate(args, spec.values, where);
    if (spec.postRenderers?.length) rendered = { ...rendered, objects: postRender(rendered.objects, spec.postRenderers, where) };
    renders.set(key, rendered);
  }
  return {
    chart,
    releaseName,
    namespace,
    package: chartPackage,
    objects: rendered.objects.map((object) => withNamespace(object, namespace)),
    crdDirectoryNames: rendered.crdDirectoryNames,
  };
}

/**
 * Helm leaves metadata.namespace out of most templates and the client sets it at install: the
 * view gets the namespace helm-controller installs into (cluster-scoped kinds keep none).
 */
const clusterScopedKinds = new Set([
  'Namespace', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'MutatingWebhookConfiguration',
  'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'PriorityClass',
  'StorageClass', 'CSIDriver', 'IngressClass', 'APIService', 'PersistentVolume', 'ClusterIssuer', 'ClusterSecretStore',
  'ClusterExternalSecret', 'ClusterGenerator', 'ClusterPushSecret', 'RuntimeClass', 'VolumeSnapshotClass',
]);
function withNamespace(object: PlainObject, namespace: string): PlainObject {
  if (clusterScopedKinds.has(object.kind) || object.metadata?.namespace) return object;
  return { ...object, metadata: { ...object.metadata, namespace } };
}

/** Every HelmRelease among the objects, rendered. */
export function renderCharts(objects: readonly PlainObject[]): RenderedChart[] {
  const releases = objects.filter((object) => object.kind === 'HelmRelease');
  const charts = chartsOf(objects);
  return releases.map((release, index) => renderChartRelease(release, charts[index]!));
}
