import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyRepository, git } from '../testing/repository-copy.ts';

/** The first image declaration of the packages: `// renovate:` then `reference: '<repository>:<tag>@<digest>'`. */
function firstImageDeclaration(root: string): { packageDirectory: string; file: string; reference: string; repository: string; tag: string; digest: string } {
  for (const packageDirectory of readdirSync(join(root, 'packages')).sort()) {
    const file = join('packages', packageDirectory, 'src/images.ts');
    if (!existsSync(join(root, file))) continue;
    const match = /\/\/ renovate: datasource=docker depName=(\S+).*\n\s*reference: '(\1):([^'@]+)@(sha256:[a-f0-9]{64})'/.exec(readFileSync(join(root, file), 'utf8'));
    if (match) return { packageDirectory, file, reference: `${match[2]}:${match[3]}@${match[4]}`, repository: match[2]!, tag: match[3]!, digest: match[4]! };
  }
  throw new Error('no image declaration with tag and digest in packages/*/src/images.ts');
}

/** The Nx project of a package and the paths its build target declares as outputs. */
function buildTargetOf(root: string, packageDirectory: string): { project: string; outputs: RegExp[] } {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', packageDirectory, 'package.json'), 'utf8')) as {
    nx: { name: string; targets: { build: { outputs: string[] } } };
  };
  const outputs = manifest.nx.targets.build.outputs.map((output) => {
    const pattern = output.replace('{workspaceRoot}/', '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');
    // An output names a file or a directory: the path itself or anything below it.
    return new RegExp(`^${pattern}(?:/.*)?$`);
  });
  return { project: manifest.nx.name, outputs };
}

function run(copy: string, command: string, ...args: string[]): string {
  const result = spawnSync(join(copy, 'node_modules/.bin', command), args, {
    cwd: copy,
    encoding: 'utf8',
    timeout: 300_000,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', CI: 'true' },
  });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

const changedFiles = (copy: string): string[] =>
  git(copy, 'status', '--porcelain', '--untracked-files=all')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.slice(3))
    .sort();

describe('a version bump in TypeScript, rebuilt with nx affected in a copy of the repository', () => {
  let copy: string;
  let declaration: ReturnType<typeof firstImageDeclaration>;
  let newReference: string;
  let affected: string[];
  let changed: string[];

  beforeAll(() => {
    copy = copyRepository();
    declaration = firstImageDeclaration(copy);
    // What a Renovate bump of that image writes: a new tag and the digest that goes with it.
    const newDigest = `sha256:${createHash('sha256').update(declaration.reference).digest('hex')}`;
    newReference = `${declaration.repository}:${declaration.tag}-bumped@${newDigest}`;
    const source = readFileSync(join(copy, declaration.file), 'utf8');
    writeFileSync(join(copy, declaration.file), source.replace(`reference: '${declaration.reference}'`, `reference: '${newReference}'`));
    git(copy, 'commit', '--quiet', '--all', '--message', `bump ${declaration.repository}`);

    affected = run(copy, 'nx', 'show', 'projects', '--affected', '-t', 'build', '--base=HEAD~1', '--head=HEAD').split('\n').filter(Boolean).sort();
    run(copy, 'nx', 'affected', '-t', 'build', '--base=HEAD~1', '--head=HEAD', '--outputStyle=static');
    changed = changedFiles(copy);
  }, 600_000);

  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it('starts the build of that component, of the packages built from its exports, of netpol and of the cluster assembly only', () => {
    const component = buildTargetOf(copy, declaration.packageDirectory).project;
    // Packages whose render imports the bumped one (xwiki imports mysql's names) and netpol, which
    // reads every render, are rebuilt too; they must not change (next test).
    const importers = readdirSync(join(copy, 'packages')).filter((directory) => {
      const manifest = JSON.parse(readFileSync(join(copy, 'packages', directory, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      return Object.keys(manifest.dependencies ?? {}).includes(`@open4goods/${declaration.packageDirectory}`);
    }).map((directory) => buildTargetOf(copy, directory).project);
    expect(affected).toEqual([...new Set([component, 'tools', 'netpol', ...importers])].sort());
    expect(affected).toContain(component);
  });

  it("changes only that component's generated files (its build outputs), and some of them, besides the smoke checks' revisions", () => {
    const { outputs } = buildTargetOf(copy, declaration.packageDirectory);
    expect(changed.length).toBeGreaterThan(0);
    const outside = changed.filter((file) => !outputs.some((output) => output.test(file)));
    // The smoke checks run again when what they check changes: their revision moves (and a check
    // running the bumped image deploys the new reference). Nothing else of theirs may change.
    const smoke = buildTargetOf(copy, 'smoke');
    expect(outside.filter((file) => !smoke.outputs.some((output) => output.test(file)))).toEqual([]);
    const changedLines = git(copy, 'diff', '--unified=0', '--', ...outside)
      .split('\n')
      .filter((line) => /^[-+](?![-+])/.test(line));
    const revisionOrImage = (line: string) =>
      line.includes('open4goods.org/checked-revision: ') || /^[-+]\s+value: [0-9a-f]{16}$/.test(line) || line.includes(declaration.reference) || line.includes(newReference);
    expect(changedLines.filter((line) => !revisionOrImage(line))).toEqual([]);
  });

  it('writes the new image reference where the old one was, and nowhere keeps the old one', () => {
    const contents = changed.map((file) => readFileSync(join(copy, file), 'utf8'));
    expect(contents.some((content) => content.includes(`image: ${newReference}`))).toBe(true);
    const stale = spawnSync('git', ['grep', '--fixed-strings', '--files-with-matches', declaration.reference], { cwd: copy, encoding: 'utf8' });
    expect(stale.stdout.split('\n').filter(Boolean)).toEqual([]);
  });

  it('leaves a tree `o4g check` accepts: the affected rebuild was enough', () => {
    expect(run(copy, 'o4g', 'check')).toContain('the generated tree matches the TypeScript');
  });
});
