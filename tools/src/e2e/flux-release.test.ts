import { externalToolAvailable } from '@open4goods/kit/testing';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { repositoryRoot } from '../testing/repository.ts';
import { git } from '../testing/repository-copy.ts';
import { controllerCrdFiles, controllerModule, downloadGoModule, fluxControllers, fluxRelease } from './flux-release.ts';
import { harnessStandIns } from './fresh-install.ts';
import { localTreeChanges } from './local-tree.ts';

const goAvailable = externalToolAvailable('go', ['version'], "the Flux release checks (they read the controllers' Go modules)");

/** Every `apiVersion kind` of the Flux groups in the committed YAML Flux applies. */
function fluxKindsOfTheTree(): Set<string> {
  const files = git(repositoryRoot, 'ls-files', '-z', '--', 'clusters', 'infra', 'apps', 'policies')
    .split('\0')
    .filter((file) => /\.ya?ml$/.test(file));
  const kinds = new Set<string>();
  for (const file of files) {
    for (const document of parseAllDocuments(readFileSync(join(repositoryRoot, file), 'utf8'))) {
      const object = document.toJSON() as { apiVersion?: string; kind?: string } | null;
      if (object?.apiVersion?.includes('.toolkit.fluxcd.io/')) kinds.add(`${object.apiVersion} ${object.kind}`);
    }
  }
  return kinds;
}

/** `apiVersion kind` for every version the release's CRDs serve. */
function servedByTheRelease(): Set<string> {
  const served = new Set<string>();
  for (const file of fluxControllers.flatMap(controllerCrdFiles)) {
    const crd = parseAllDocuments(readFileSync(file, 'utf8'))[0]!.toJSON() as {
      spec: { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] };
    };
    for (const version of crd.spec.versions) if (version.served) served.add(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`);
  }
  return served;
}

describe.runIf(goAvailable)(`the Flux release ${fluxRelease}`, { timeout: 120_000 }, () => {
  it("is what toolchain/flux-* builds: each controller at the version the release's manifests install", () => {
    const release = downloadGoModule('github.com/fluxcd/flux2/v2', fluxRelease);
    for (const controller of fluxControllers) {
      const kustomization = readFileSync(join(release.directory, 'manifests', 'bases', controller, 'kustomization.yaml'), 'utf8');
      const pinned = controllerModule(controller).version;
      expect(kustomization, `toolchain/flux-${controller}/go.mod pins ${pinned}`).toContain(`/${controller}/releases/download/${pinned}/${controller}.crds.yaml`);
    }
  });

  it('serves every Flux apiVersion and kind of the committed tree', () => {
    const kinds = fluxKindsOfTheTree();
    expect(kinds.size).toBeGreaterThan(3);
    const served = servedByTheRelease();
    expect([...kinds].filter((kind) => !served.has(kind))).toEqual([]);
  });

  it("is the release the README's bootstrap command installs", () => {
    const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
    const bootstraps = readme.match(/^flux bootstrap .*$/gm) ?? [];
    expect(bootstraps.length).toBeGreaterThan(0);
    for (const command of bootstraps) expect(command).toContain(`--version=${fluxRelease} `);
  });
});

describe("the README's account of the end-to-end Flux run", () => {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Flux in the end-to-end runs'), readme.indexOf('### Secrets'));

  it('lists exactly the changes the run makes to the tree and the stand-ins it runs', () => {
    const bullets = section.match(/^- .*$/gm)!.map((line) => line.slice(2));
    expect(bullets).toEqual([...localTreeChanges, ...harnessStandIns]);
  });

  it.runIf(goAvailable)('names the controller versions toolchain/flux-* pins', () => {
    for (const controller of fluxControllers) expect(section).toContain(`${controller} ${controllerModule(controller).version}`);
  });
});
