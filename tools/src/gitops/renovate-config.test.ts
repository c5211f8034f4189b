import { ImageReference } from '@open4goods/kit';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedRoots } from '../engine/layout.ts';
import { type ExtractedDependency, type RenovateInternals, loadRenovateInternals, renovateExtract } from '../testing/renovate.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { chartIdentity, imageOf, isDeclaration } from './renovate-identity.ts';

const renovateConfig = JSON.parse(readFileSync(join(repositoryRoot, 'renovate.json'), 'utf8')) as Record<string, unknown> & {
  ignorePaths: string[];
  postUpgradeTasks: { commands: string[]; fileFilters: string[]; executionMode: string };
};

function validateConfig(file: string): { status: number | null; output: string } {
  const result = spawnSync(join(repositoryRoot, 'node_modules/.bin/renovate-config-validator'), ['--strict', '--no-global', file], {
    cwd: repositoryRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: tmpdir(), LOG_LEVEL: 'info' },
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('renovate-config-validator --strict', () => {
  it('accepts renovate.json as repository config', () => {
    const { status, output } = validateConfig('renovate.json');
    expect(output).toContain('Config validated successfully');
    expect(status).toBe(0);
  }, 60_000);

  it('refuses a config with a wrong type and one that needs migration (the validator really checks)', () => {
    const directory = mkdtempSync(join(tmpdir(), 'o4g-renovate-config-'));
    try {
      writeFileSync(join(directory, 'wrong-type.json'), JSON.stringify({ automerge: 'never' }));
      expect(validateConfig(join(directory, 'wrong-type.json')).status).not.toBe(0);
      // `fileMatch` was replaced by `managerFilePatterns`: --strict fails on configs that need migrating.
      const outdated = { customManagers: [{ customType: 'regex', fileMatch: ['x\\.ts$'], matchStrings: ['v(?<currentValue>\\S+)'], datasourceTemplate: 'docker', depNameTemplate: 'x' }] };
      writeFileSync(join(directory, 'outdated.json'), JSON.stringify(outdated));
      expect(validateConfig(join(directory, 'outdated.json')).status).not.toBe(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('renovate.json', () => {
  it('ignores every generated tree, so no pull request edits generated YAML', () => {
    for (const root of generatedRoots) expect(renovateConfig.ignorePaths).toContain(`${root}/**`);
  });

  it('regenerates the tree in the branch with postUpgradeTasks (self-hosted Renovate), committing only generated files', () => {
    expect(renovateConfig.postUpgradeTasks.commands.at(-1)).toBe('npx o4g build');
    expect([...renovateConfig.postUpgradeTasks.fileFilters].sort()).toEqual(generatedRoots.map((root) => `${root}/**`).sort());
    expect(renovateConfig.postUpgradeTasks.executionMode).toBe('branch');
  });
});

// A repository that exercises each annotation form, the file restriction and ignorePaths.
const digest = `sha256:${'a'.repeat(64)}`;
const fixtureFiles: Record<string, string> = {
  'packages/fixture/src/images.ts': `export const appImage = {
  // renovate: datasource=docker depName=ghcr.io/example/app
  reference: 'ghcr.io/example/app:1.2.3@${digest}',
};

export const nested = {
  tool: {
    // renovate: datasource=docker depName=example/tool versioning=loose
    reference: 'example/tool:2024.1',
  },
};
`,
  'packages/fixture/src/charts.ts': `export const longhornChart = {
  chart: 'longhorn',
  // renovate: datasource=helm depName=longhorn registryUrl=https://charts.longhorn.io
  version: '1.12.1',
};

export const certManagerChart = {
  chart: 'cert-manager',
  // renovate: datasource=docker depName=quay.io/jetstack/charts/cert-manager
  version: 'v1.21.1',
};
`,
  // Versions belong in images.ts and charts.ts; elsewhere Renovate does not look.
  'packages/fixture/src/other.ts': `export const stray = {
  // renovate: datasource=docker depName=example/stray
  reference: 'example/stray:1.0.0',
};
`,
  // The generated trees are never read, not even by Renovate's built-in managers.
  'clusters/prod/Dockerfile': 'FROM busybox:1.36.1\n',
  'apps/fixture/main/Chart.yaml': 'apiVersion: v2\nname: fixture\nversion: 0.1.0\ndependencies:\n  - name: redis\n    version: 20.0.0\n    repository: https://charts.example.org\n',
  // Control: the same Dockerfile outside the generated trees is read.
  'docs/Dockerfile': 'FROM busybox:1.36.1\n',
};

describe('Renovate extraction of a fixture repository (offline)', () => {
  let directory: string;
  let dependencies: readonly ExtractedDependency[];
  let problems: readonly string[];

  beforeAll(() => {
    directory = mkdtempSync(join(tmpdir(), 'o4g-renovate-fixture-'));
    copyFileSync(join(repositoryRoot, 'renovate.json'), join(directory, 'renovate.json'));
    for (const [path, content] of Object.entries(fixtureFiles)) {
      mkdirSync(dirname(join(directory, path)), { recursive: true });
      writeFileSync(join(directory, path), content);
    }
    ({ dependencies, problems } = renovateExtract(directory));
  }, 180_000);

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  const declared = () => dependencies.filter(isDeclaration);

  it('runs without network and without a warning', () => {
    expect(problems).toEqual([]);
  });

  it('extracts images with tag and digest, and an image still without digest (pinDigests will pin it)', () => {
    const images = declared().filter((dependency) => dependency.depType === 'container-image');
    expect(images.map(imageOf).sort()).toEqual([`example/tool:2024.1`, `ghcr.io/example/app:1.2.3@${digest}`]);
    expect(images.find((image) => image.depName === 'example/tool')).toMatchObject({ datasource: 'docker', versioning: 'loose' });
  });

  it('extracts a chart from a classic repository and a chart from an OCI registry', () => {
    const charts = declared().filter((dependency) => dependency.depType === 'helm-chart');
    expect(charts.map(chartIdentity).sort()).toEqual(['helm https://charts.longhorn.io longhorn 1.12.1', 'oci quay.io/jetstack/charts/cert-manager v1.21.1']);
    expect(charts.map((chart) => chart.datasource).sort()).toEqual(['docker', 'helm']);
  });

  it('reads annotations only in images.ts and charts.ts', () => {
    expect(declared().map((dependency) => dependency.packageFile).sort()).toEqual([
      'packages/fixture/src/charts.ts',
      'packages/fixture/src/charts.ts',
      'packages/fixture/src/images.ts',
      'packages/fixture/src/images.ts',
    ]);
  });

  it('reads nothing under the generated trees, while the same file elsewhere is read', () => {
    expect(dependencies.map((dependency) => dependency.packageFile).filter((file) => generatedRoots.some((root) => file.startsWith(`${root}/`)))).toEqual([]);
    expect(dependencies.filter((dependency) => dependency.packageFile === 'docs/Dockerfile').map((dependency) => dependency.depName)).toEqual(['busybox']);
  });

  describe("updates and package rules, run with Renovate's own code", () => {
    let renovate: RenovateInternals;
    beforeAll(async () => {
      renovate = await loadRenovateInternals();
    }, 60_000);

    /** Renovate's update of the fixture file, from its original content. */
    async function update(dependency: ExtractedDependency, newValue: string, newDigest?: string): Promise<string> {
      writeFileSync(join(directory, dependency.packageFile), fixtureFiles[dependency.packageFile]!);
      const content = await renovate.autoReplace(directory, dependency, { newValue, ...(newDigest ? { newDigest } : {}) });
      expect(content, `Renovate could not update ${dependency.depName} in ${dependency.packageFile}`).not.toBeNull();
      return content!;
    }

    const images = () => declared().filter((dependency) => dependency.depType === 'container-image');
    const charts = () => declared().filter((dependency) => dependency.depType === 'helm-chart');
    const newDigest = `sha256:${'b'.repeat(64)}`;

    it('uses RE2, as hosted Renovate does (under CI a JavaScript RegExp fallback is a failure)', () => {
      if (renovate.regexEngineStatus.type !== 'available') {
        const message = 'RE2 is not usable in this install; rebuild it against Node 24 headers: npm_config_nodedir=<node 24 prefix> npm rebuild re2';
        if (process.env.CI === 'true') throw new Error(message);
        console.warn(message);
      }
    });

    it('an image bump rewrites only the reference, to the new tag and digest, and the result is a valid pinned reference', async () => {
      expect(images().length).toBe(2);
      for (const image of images()) {
        const reference = `${image.depName}:9.9.9@${newDigest}`;
        const expected = fixtureFiles[image.packageFile]!.replace(`reference: '${imageOf(image)}'`, `reference: '${reference}'`);
        expect(await update(image, '9.9.9', newDigest)).toBe(expected);
        expect(ImageReference.parse({ reference, file: image.packageFile, constant: image.depName }).toString()).toBe(reference);
      }
    });

    it('pinning an image without digest keeps its tag and adds the digest', async () => {
      const unpinned = images().find((image) => !image.currentDigest)!;
      const expected = fixtureFiles[unpinned.packageFile]!.replace(`'${imageOf(unpinned)}'`, `'${imageOf(unpinned)}@${newDigest}'`);
      expect(await update(unpinned, unpinned.currentValue!, newDigest)).toBe(expected);
    });

    it('a chart bump (classic or OCI) rewrites only its version line', async () => {
      expect(charts().length).toBe(2);
      for (const chart of charts()) {
        // Each fixture version appears once in its file, so this is the one line that may change.
        const expected = fixtureFiles[chart.packageFile]!.replace(`version: '${chart.currentValue}'`, `version: '2.0.0'`);
        expect(expected).not.toBe(fixtureFiles[chart.packageFile]);
        expect(await update(chart, '2.0.0')).toBe(expected);
      }
    });

    describe('effective configuration of each declared dependency', () => {
      let configs: Map<ExtractedDependency, Record<string, unknown>>;
      beforeAll(async () => {
        const dependencies = declared();
        const effective = await renovate.effectiveConfigs(
          renovateConfig,
          dependencies.map((dependency) => ({ ...dependency, packageName: dependency.packageName ?? dependency.depName, updateType: 'minor', newValue: '9.9.9' })),
        );
        configs = new Map(dependencies.map((dependency, index) => [dependency, effective[index]!]));
      }, 60_000);

      const expectations = [
        { depType: 'container-image', title: 'images: pinned by digest', pinDigests: true },
        { depType: 'helm-chart', title: 'charts, OCI ones too: a version, never a digest', pinDigests: false },
      ];
      for (const { depType, title, pinDigests } of expectations) {
        it(`${title}; one pull request per bump, never automerged, on schedule, labelled`, () => {
          const dependencies = declared().filter((dependency) => dependency.depType === depType);
          expect(dependencies.length).toBe(2);
          for (const dependency of dependencies) {
            const config = configs.get(dependency)!;
            expect(config, dependency.depName).toMatchObject({ pinDigests, automerge: false, dependencyDashboard: true, schedule: renovateConfig.schedule });
            expect(config.groupName ?? null, dependency.depName).toBeNull();
            expect(config.labels).toEqual(['dependencies']);
            expect(config.addLabels).toEqual([depType]);
          }
        });
      }
    });
  });
});
