import { type Environment, type OpenDecision, appsSuspendedIn, openDecisionsOf } from '@open4goods/environments';
import { type ComponentDefinition, generatedDocumentPattern } from '@open4goods/kit';
import { readCommittedObjects } from './committed-objects.ts';
import { effectiveDependencies } from './derived-dependencies.ts';
import { applyImmutableFieldRules } from './immutable-changes.ts';
import { renderFluxKustomization } from './flux.ts';
import { checkPlatformRules } from './platform-rules.ts';
import {
  baseDirectory,
  clusterDirectory,
  fluxKustomizationFile,
  objectFileName,
  overlayDirectory,
  relativePath,
} from './layout.ts';
import { type Overlay, applyOverlay, computeOverlay, differencesBetween, namespaceTranslation } from './overlay.ts';
import { type PlainObject, apiVersionOf, toPlainObject } from './plain-object.ts';
import { type RenderedEnvironment, type RenderedUnit, renderEnvironment } from './render.ts';
import type { RepositoryReader } from './secret-sources.ts';
import { renderSopsConfig, sopsConfigFile } from '../secrets/sops-config.ts';
import { networkFlowsDocument, renderNetworkFlowsDocument } from '../documents/network-flows.ts';
import { platformSecretsDocument, renderPlatformSecretsDocument } from '../documents/platform-secrets.ts';
import { renderS3CredentialsDocument, s3CredentialsDocument } from '../documents/s3-credentials.ts';
import { generatedMarkdownHeader, toGeneratedYaml, toYaml } from './serialize.ts';
import type { UnitNode } from './unit-graph.ts';

/** What a build covers. Everything when no field is set. */
export interface BuildSelection {
  /** Only these components (their bases, overlays and Flux Kustomizations). */
  readonly components?: readonly string[];
  /** Only these environments' overlays (bases are always included with their component). */
  readonly environments?: readonly string[];
  /** Only the cluster assembly: clusters/<env>/kustomization.yaml and flux/kustomization.yaml. */
  readonly clusterAssemblyOnly?: boolean;
}

export interface BuildInput {
  readonly defaults: Environment;
  readonly environments: readonly Environment[];
  readonly components: readonly ComponentDefinition[];
  /** Repository-relative path test, for SOPS files and a bootstrapped flux-system/. */
  readonly pathExists: (repositoryPath: string) => boolean;
  /** Reads a repository-relative file (SOPS Secrets); absent means no file is ever found. */
  readonly readFile?: RepositoryReader;
  /**
   * Reads the generated tree a previous build wrote (repository-relative), to compare each object
   * with what the API server already holds; absent means a first build, written as rendered.
   */
  readonly readCommittedFile?: RepositoryReader;
  /** Objects (`Kind/name`) to replace after their migration although an immutable field changes (`o4g build --replace`). */
  readonly replacements?: readonly string[];
}

export interface EnvironmentReport {
  readonly environment: Environment;
  readonly openDecisions: readonly OpenDecision[];
  readonly appsSuspended: boolean;
  readonly objectCount: number;
  /** The components' warnings for this environment, each prefixed with its component. */
  readonly warnings: readonly string[];
}

/** A generated file: its content and who owns it (for scoped pruning). */
export interface PlannedFile {
  readonly content: string;
  /** `component <name>` or `cluster assembly`: the header records it. */
  readonly owner: string;
}

export interface BuildPlan {
  readonly files: ReadonlyMap<string, PlannedFile>;
  /** Whether an existing generated file (path, owner) falls in this build's scope, i.e. may be pruned. */
  readonly inScope: (path: string, owner: string) => boolean;
  readonly reports: readonly EnvironmentReport[];
  readonly renders: readonly RenderedEnvironment[];
}

export function componentOwner(componentName: string): string {
  return `component ${componentName}`;
}
export const clusterAssemblyOwner = 'cluster assembly';

function headerSource(owner: string, detail: string): string {
  return `${owner} (${detail})`;
}

class FileSet {
  readonly files = new Map<string, PlannedFile>();

  add(path: string, owner: string, detail: string, value: unknown): void {
    if (this.files.has(path)) throw new Error(`two generated files want the same path ${path}`);
    this.files.set(path, { content: toGeneratedYaml(value, headerSource(owner, detail)), owner });
  }

  addMarkdown(path: string, owner: string, detail: string, markdown: string): void {
    if (this.files.has(path)) throw new Error(`two generated files want the same path ${path}`);
    this.files.set(path, { content: generatedMarkdownHeader(headerSource(owner, detail)) + markdown, owner });
  }
}

function kustomization(resources: readonly string[], patches: readonly unknown[] = []): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    ...(patches.length > 0 ? { patches } : {}),
  };
}

/** Files of one object set, named after kind and name; a clash is an error rather than an overwrite. */
function objectFiles(objects: readonly PlainObject[]): Map<string, PlainObject> {
  const files = new Map<string, PlainObject>();
  for (const object of objects) {
    const name = objectFileName(object.kind, object.metadata.name);
    const fileName = files.has(name) ? objectFileName(object.kind, `${object.metadata.namespace ?? 'cluster'}-${object.metadata.name}`) : name;
    if (files.has(fileName)) throw new Error(`two objects map to the file name ${fileName}`);
    files.set(fileName, object);
  }
  return files;
}

function overlayKustomization(overlayDirectoryPath: string, baseDirectoryPath: string, overlay: Overlay, additionFiles: readonly string[], sopsFiles: readonly string[]): Record<string, unknown> {
  const patches = [
    ...overlay.deletions.map((key) => ({
      patch: toYaml({
        $patch: 'delete',
        apiVersion: apiVersionOf(key),
        kind: key.kind,
        metadata: { name: key.name, ...(key.namespace ? { namespace: key.namespace } : {}) },
      }).trimEnd(),
    })),
    ...overlay.patches.map((patch) => ({
      target: {
        ...(patch.target.group ? { group: patch.target.group } : {}),
        version: patch.target.version,
        kind: patch.target.kind,
        name: patch.target.name,
        ...(patch.target.namespace ? { namespace: patch.target.namespace } : {}),
      },
      patch: toYaml(patch.operations).trimEnd(),
    })),
  ];
  const resources = [
    relativePath(overlayDirectoryPath, baseDirectoryPath),
    ...additionFiles,
    ...sopsFiles.map((file) => relativePath(overlayDirectoryPath, file)),
  ];
  return kustomization(resources, patches);
}

function selected(selection: BuildSelection, component: string, environment?: string): boolean {
  if (selection.clusterAssemblyOnly) return false;
  if (selection.components && !selection.components.includes(component)) return false;
  if (environment && selection.environments && !selection.environments.includes(environment)) return false;
  return true;
}

/**
 * Renders every environment and plans every generated file. Nothing is written here: a failing
 * render or a failed self-check throws before the tree is touched.
 */
export function planBuild(input: BuildInput, selection: BuildSelection = {}): BuildPlan {
  const renderOptions = { readRepositoryFile: input.readFile ?? (() => undefined) };
  const knownComponents = new Set(input.components.map((component) => component.name));
  for (const name of selection.components ?? []) {
    if (!knownComponents.has(name)) throw new Error(`unknown component "${name}": expected one of ${[...knownComponents].sort().join(', ')}`);
  }
  const knownEnvironments = new Set(input.environments.map((environment) => environment.name));
  for (const name of selection.environments ?? []) {
    if (!knownEnvironments.has(name)) throw new Error(`unknown environment "${name}": expected one of ${[...knownEnvironments].sort().join(', ')}`);
  }

  const baseRender = renderEnvironment(input.defaults, input.components, renderOptions);
  const renders = input.environments.map((environment) => renderEnvironment(environment, input.components, renderOptions));
  const files = new FileSet();

  for (const unit of baseRender.units) {
    if (!selected(selection, unit.node.component)) continue;
    const directory = baseDirectory(unit.node);
    const owner = componentOwner(unit.node.component);
    const detail = `${unit.node.componentDefinition.sourceDirectory}, base of unit ${unit.node.id}`;
    const objectsByFile = objectFiles(unit.objects);
    for (const [fileName, object] of objectsByFile) files.add(`${directory}/${fileName}`, owner, detail, object);
    files.add(`${directory}/kustomization.yaml`, owner, detail, kustomization([...objectsByFile.keys()]));
  }

  for (const component of input.components) {
    if (!component.documents || !selected(selection, component.name)) continue;
    for (const document of component.documents(input.environments)) {
      if (!generatedDocumentPattern.test(document.path)) {
        throw new Error(`${component.sourceDirectory}: generated document path "${document.path}" must match ${generatedDocumentPattern}`);
      }
      files.addMarkdown(document.path, componentOwner(component.name), `${component.sourceDirectory}, generated document`, document.content);
    }
  }

  const reports: EnvironmentReport[] = [];
  const refusals: string[] = [];
  for (const render of renders) {
    const { environment } = render;
    const openDecisions = openDecisionsOf(environment);
    const appsSuspended = appsSuspendedIn(environment);
    const warnings = input.components.flatMap((component) => (component.warnings?.(environment) ?? []).map((warning) => `${component.name}: ${warning}`));
    reports.push({ environment, openDecisions, appsSuspended, objectCount: render.units.reduce((count, unit) => count + unit.objects.length, 0), warnings });
    const translate = namespaceTranslation(input.defaults.appNamespace, environment.appNamespace);
    const unitsById = new Map(render.units.map((unit) => [unit.node.id, unit.node]));
    checkPlatformRules(render);
    const dependencies = effectiveDependencies(render);
    const fluxFiles: string[] = [];

    for (const unit of render.units) {
      fluxFiles.push(fluxKustomizationFile(environment.name, unit.node).split('/').pop()!);
      if (!selected(selection, unit.node.component, environment.name)) continue;
      const baseUnit = baseRender.units.find((candidate) => candidate.node.id === unit.node.id)!;
      refusals.push(...planOverlay(files, input, environment, unit, baseUnit, translate));
      const suspend = appsSuspended && unit.node.layer === 'apps';
      const fluxObject = renderFluxKustomization(environment, unit.node, {
        unitsById,
        dependsOn: dependencies.get(unit.node.id)!,
        suspend,
        decrypt: unit.sopsFiles.length > 0,
        jobs: unit.objects.filter((object) => object.kind === 'Job').map((object) => ({ name: object.metadata.name, namespace: object.metadata.namespace! })),
      });
      fluxObject.validate();
      files.add(
        fluxKustomizationFile(environment.name, unit.node),
        componentOwner(unit.node.component),
        `${unit.node.componentDefinition.sourceDirectory}, Flux Kustomization of unit ${unit.node.id} in ${environment.name}`,
        toPlainObject(fluxObject),
      );
    }

    const assemblySelected = !selection.components && (!selection.environments || selection.environments.includes(environment.name));
    if (assemblySelected) {
      const directory = clusterDirectory(environment.name);
      const detail = `tools, entry point of cluster ${environment.name}`;
      files.add(`${directory}/flux/kustomization.yaml`, clusterAssemblyOwner, detail, kustomization(fluxFiles.sort()));
      const bootstrapped = input.pathExists(`${directory}/flux-system/kustomization.yaml`);
      files.add(`${directory}/kustomization.yaml`, clusterAssemblyOwner, detail, kustomization([...(bootstrapped ? ['flux-system'] : []), 'flux']));
    }
  }

  if (refusals.length > 0) {
    throw new Error(`changes the API server would refuse (${refusals.length}); nothing written:\n  ${refusals.join('\n  ')}`);
  }

  if (!selection.components) {
    files.add(sopsConfigFile, clusterAssemblyOwner, 'tools, SOPS creation rules of every environment', renderSopsConfig(input.environments));
    // Documents of the whole render, so a runbook cannot name a flow or a Vault path the platform lacks.
    files.addMarkdown(networkFlowsDocument, clusterAssemblyOwner, 'tools/src/documents, flows the NetworkPolicies allow', renderNetworkFlowsDocument(renders, input.components));
    files.addMarkdown(platformSecretsDocument, clusterAssemblyOwner, 'tools/src/documents, secret contracts and their sources', renderPlatformSecretsDocument(renders));
    files.addMarkdown(s3CredentialsDocument, clusterAssemblyOwner, 'tools/src/documents, S3 rights of the secret contracts', renderS3CredentialsDocument(renders));
  }

  const inScope = (path: string, owner: string): boolean => {
    const environmentOfPath = /^clusters\/([^/]+)\//.exec(path)?.[1];
    if (selection.environments && environmentOfPath && !selection.environments.includes(environmentOfPath)) return false;
    if (selection.clusterAssemblyOnly) return owner === clusterAssemblyOwner;
    if (selection.components) return selection.components.some((component) => owner === componentOwner(component));
    return true;
  };
  return { files: files.files, inScope, reports, renders };
}

/** Plans a unit's overlay; returns the changes the API server would refuse (then nothing may be written). */
function planOverlay(files: FileSet, input: BuildInput, environment: Environment, unit: RenderedUnit, baseUnit: RenderedUnit, translate: ReturnType<typeof namespaceTranslation>): string[] {
  const node: UnitNode = unit.node;
  const directory = overlayDirectory(environment.name, node);
  const { objects, refusals } = applyImmutableFieldRules({
    environment,
    component: node.component,
    where: directory,
    committed: input.readCommittedFile ? readCommittedObjects(input.readCommittedFile, environment.name, node) : undefined,
    desired: unit.objects,
    replacements: input.replacements ?? [],
  });
  const overlay = computeOverlay(baseUnit.objects, objects, translate);
  // The engine proves its own patches before writing them.
  const differences = differencesBetween(applyOverlay(baseUnit.objects, overlay), objects);
  if (differences.length > 0) {
    throw new Error(`overlay self-check failed for ${environment.name} ${node.id}:\n  ${differences.join('\n  ')}`);
  }
  const owner = componentOwner(node.component);
  const detail = `${node.componentDefinition.sourceDirectory}, overlay of unit ${node.id} for ${environment.name}`;
  const additionsByFile = objectFiles(overlay.additions);
  for (const [fileName, object] of additionsByFile) files.add(`${directory}/${fileName}`, owner, detail, object);
  files.add(`${directory}/kustomization.yaml`, owner, detail, overlayKustomization(directory, baseDirectory(node), overlay, [...additionsByFile.keys()], unit.sopsFiles));
  return refusals;
}
