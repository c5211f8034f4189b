import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { goModuleCache } from '@open4goods/kit';
import { homedir } from 'node:os';
import { repositoryRoot } from '../testing/repository.ts';

/**
 * The Flux release operators bootstrap (`flux bootstrap ... --version=`) and the end-to-end runs
 * reconcile with. Its four controllers are built from their Go modules by toolchain/flux-<controller>
 * at the versions that release's manifests install (a test checks both agree).
 */
export const fluxRelease = 'v2.9.2';

export const fluxControllers = ['source-controller', 'kustomize-controller', 'helm-controller', 'notification-controller'] as const;
export type FluxController = (typeof fluxControllers)[number];

/** The Go caches toolchain/install uses, so module look-ups here hit what it downloaded. */
export function goEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOMODCACHE: goModuleCache(),
    GOCACHE: process.env.GOCACHE_O4G ?? join(homedir(), '.cache', 'go', 'build'),
    GOFLAGS: '-buildvcs=false',
  };
}

export function toolchainModuleDirectory(controller: FluxController): string {
  return join(repositoryRoot, 'toolchain', `flux-${controller}`);
}

interface GoModule {
  readonly path: string;
  readonly version: string;
  /** The module's files in GOMODCACHE (downloaded on demand). */
  readonly directory: string;
}

/** `go mod download -json` of `path@version`: its directory in the module cache. */
export function downloadGoModule(path: string, version: string, cwd: string = repositoryRoot): GoModule {
  const output = execFileSync('go', ['mod', 'download', '-json', `${path}@${version}`], { cwd, encoding: 'utf8', env: goEnvironment() });
  const module = JSON.parse(output) as { Dir?: string; Error?: string };
  if (!module.Dir) throw new Error(`go mod download ${path}@${version}: ${module.Error ?? 'no directory'}`);
  return { path, version, directory: module.Dir };
}

/** The controller's module at the version pinned in toolchain/flux-<controller>/go.mod. */
export function controllerModule(controller: FluxController): GoModule {
  const moduleDirectory = toolchainModuleDirectory(controller);
  const path = `github.com/fluxcd/${controller}`;
  const version = execFileSync('go', ['list', '-m', '-f', '{{.Version}}', path], { cwd: moduleDirectory, encoding: 'utf8', env: goEnvironment() }).trim();
  return downloadGoModule(path, version, moduleDirectory);
}

/** The CRDs of a controller's release: config/crd/bases of its module, read where Go keeps it. */
export function controllerCrdFiles(controller: FluxController): string[] {
  const bases = join(controllerModule(controller).directory, 'config', 'crd', 'bases');
  return readdirSync(bases)
    .filter((file) => file.endsWith('.yaml'))
    .sort()
    .map((file) => join(bases, file));
}

/** Every Flux CRD of the release, multi-document YAML ready for `kubectl apply -f -`. */
export function fluxCrdsYaml(): string {
  return fluxControllers
    .flatMap(controllerCrdFiles)
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n---\n');
}
