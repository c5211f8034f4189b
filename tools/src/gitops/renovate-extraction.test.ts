import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { chartsOf } from '../engine/charts.ts';
import { generatedRoots } from '../engine/layout.ts';
import type { PlainObject } from '../engine/plain-object.ts';
import { runO4g } from '../testing/o4g.ts';
import { type ExtractedDependency, type RenovateExtraction, loadRenovateInternals, renovateExtract } from '../testing/renovate.ts';
import { copyRepository } from '../testing/repository-copy.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { loadWorkspace } from '../workspace.ts';
import { decidedMysqlSeries, mysqlSeriesRule } from './mysql-series-rule.ts';
import { chartIdentity, deployedChartIdentity, imageOf, isDeclaration } from './renovate-identity.ts';

/** Every `// renovate:` annotation in the packages' sources (tests excluded), as `file depName`. */
function annotationsInPackages(): string[] {
  const annotations: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        for (const match of readFileSync(path, 'utf8').matchAll(/^\s*\/\/ renovate: .*?depName=(\S+)/gm)) {
          annotations.push(`${relative(repositoryRoot, path)} ${match[1]}`);
        }
      }
    }
  };
  for (const packageName of readdirSync(join(repositoryRoot, 'packages'))) {
    const sources = join(repositoryRoot, 'packages', packageName, 'src');
    try {
      visit(sources);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return annotations.sort();
}

async function deployedImages(): Promise<string[]> {
  // The charts' images are not declared in TypeScript yet (no digests offline): see README.
  const { code, out, err } = await runO4g(['images', '--without-charts']);
  if (code !== 0) throw new Error(`o4g images failed: ${err}`);
  return JSON.parse(out) as string[];
}

async function renderedObjects(environment: string): Promise<PlainObject[]> {
  const { code, out, err } = await runO4g(['render', environment]);
  if (code !== 0) throw new Error(`o4g render ${environment} failed: ${err}`);
  return parseAllDocuments(out).map((document) => document.toJSON() as PlainObject).filter(Boolean);
}

const unique = (values: readonly string[]): string[] => [...new Set(values)].sort();

describe('Renovate offline extraction of this repository', () => {
  let extraction: RenovateExtraction;
  let declarations: ExtractedDependency[];

  let copy: string | undefined;

  beforeAll(() => {
    // Renovate reads the files git tracks; a committed copy of the working tree lets it see
    // new, not yet committed files too, as o4g does.
    copy = copyRepository();
    extraction = renovateExtract(copy);
    declarations = extraction.dependencies.filter(isDeclaration);
  }, 180_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('runs without network and without a warning', () => {
    expect(extraction.problems).toEqual([]);
  });

  it('finds every `// renovate:` annotation of the packages, each in its images.ts or charts.ts', () => {
    const extracted = declarations.map((dependency) => `${dependency.packageFile} ${dependency.depName}`).sort();
    // An annotation Renovate does not see (wrong file, wrong shape) would never be bumped.
    expect(extracted).toEqual(annotationsInPackages());
    expect(extracted.length).toBeGreaterThan(0);
  });

  it('also tracks the actions of the workflows (config:best-practices pins them by digest)', () => {
    const actions = extraction.dependencies.filter((dependency) => dependency.manager === 'github-actions').map((dependency) => dependency.depName);
    expect(actions).toEqual(expect.arrayContaining(['actions/checkout', 'actions/setup-node', 'aquasecurity/setup-trivy']));
  });

  it('reads nothing from the generated trees', () => {
    const fromGenerated = extraction.dependencies.filter((dependency) => generatedRoots.some((root) => dependency.packageFile.startsWith(`${root}/`)));
    expect(fromGenerated).toEqual([]);
  });

  it('extracts exactly the images `o4g images --without-charts` reports for all environments, each pinned by digest', async () => {
    const images = declarations.filter((dependency) => dependency.depType === 'container-image');
    expect(unique(images.map(imageOf))).toEqual(unique(await deployedImages()));
    for (const image of images) expect(image.currentDigest, `${image.packageFile}: ${image.depName}`).toMatch(/^sha256:[a-f0-9]{64}$/);
  });

  it('extracts exactly the charts the rendered HelmReleases of all environments deploy', async () => {
    const workspace = loadWorkspace(repositoryRoot);
    const deployed: string[] = [];
    for (const environment of workspace.environments) {
      deployed.push(...chartsOf(await renderedObjects(environment.name)).map(deployedChartIdentity));
    }
    const extracted = declarations.filter((dependency) => dependency.depType === 'helm-chart').map(chartIdentity);
    expect(unique(extracted)).toEqual(unique(deployed));
  });

  it('keeps MySQL on the decided series: renovate.json holds the rule of decisions.mysqlVersion, and Renovate offers 8.4 patches, never 9.x', async () => {
    const renovateConfig = JSON.parse(readFileSync(join(repositoryRoot, 'renovate.json'), 'utf8')) as { packageRules: Record<string, unknown>[] };
    const series = decidedMysqlSeries(loadWorkspace(repositoryRoot).environments);
    const rule = mysqlSeriesRule(series);
    expect(renovateConfig.packageRules, `renovate.json must carry ${JSON.stringify(rule)}`).toContainEqual(rule);

    const mysql = declarations.find((dependency) => dependency.depName === 'mysql')!;
    expect(mysql).toMatchObject({ datasource: 'docker', versioning: 'docker', packageFile: 'packages/mysql/src/images.ts' });
    const renovate = await loadRenovateInternals();
    const [config] = await renovate.effectiveConfigs(renovateConfig, [{ ...mysql, packageName: mysql.depName }]);
    expect(config!.allowedVersions).toBe(rule.allowedVersions);
    const candidates = ['8.4.10', '8.4.12', '8.4.13', '9.3.0', '9.4.0', '10.0.0'];
    expect(renovate.allowedUpdates(config!, mysql.currentValue!, candidates)).toEqual(['8.4.12', '8.4.13']);
    // Without the rule, Renovate would offer the 9.x and 10.x majors too.
    expect(renovate.allowedUpdates({ ...config!, allowedVersions: undefined }, mysql.currentValue!, candidates)).toEqual(expect.arrayContaining(['9.4.0']));
  }, 60_000);

  it('extracts exactly the git sources (GitRepository tags) the render deploys', async () => {
    const workspace = loadWorkspace(repositoryRoot);
    const deployed: string[] = [];
    for (const environment of workspace.environments) {
      for (const object of await renderedObjects(environment.name)) {
        if (object.kind !== 'GitRepository') continue;
        const spec = object.spec as { url: string; ref?: { tag?: string } };
        deployed.push(`${new URL(spec.url).pathname.replace(/^\/|\.git$/g, '')} ${spec.ref?.tag ?? '(no tag)'}`);
      }
    }
    const extracted = declarations.filter((dependency) => dependency.depType === 'git-source').map((dependency) => `${dependency.depName} ${dependency.currentValue}`);
    expect(deployed.length).toBeGreaterThan(0);
    expect(unique(extracted)).toEqual(unique(deployed));
  });
});
