import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { lintWorkflow } from '../testing/actionlint.ts';
import { kubectlAvailable } from '../testing/kubectl.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { shellcheckAvailable, shellcheckBash } from '../testing/shellcheck.ts';
import { acceptedRiskProblems } from './trivy-ignore.ts';

interface Step {
  readonly name?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly if?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly if?: string;
  readonly needs?: string | string[];
  readonly steps: Step[];
  readonly outputs?: Record<string, string>;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const workflowDirectory = join(repositoryRoot, '.github/workflows');
const workflowFiles = readdirSync(workflowDirectory).filter((name) => /\.ya?ml$/.test(name)).sort();
const readWorkflow = (name: string): string => readFileSync(join(workflowDirectory, name), 'utf8');
const workflow = (name: string): Workflow => parse(readWorkflow(name)) as Workflow;

/** The steps of a job whose `run` script contains `text`. */
function stepsRunning(job: Job, text: string): Step[] {
  return job.steps.filter((step) => step.run?.includes(text));
}

describe('GitHub workflows', () => {
  it('are the CI and the Renovate regeneration workflows', () => {
    expect(workflowFiles).toEqual(['ci.yml', 'renovate-regenerate.yml']);
  });

  for (const name of workflowFiles) {
    it(`${name} passes actionlint`, async () => {
      expect(await lintWorkflow(readWorkflow(name), `.github/workflows/${name}`)).toEqual([]);
    });
  }

  it('actionlint really checks: a broken workflow is reported', async () => {
    const broken = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - run: echo "${{ github.event.nope.nope }}"\n        shell: nosuchshell\n';
    const findings = await lintWorkflow(broken, '.github/workflows/broken.yml');
    expect(findings.length).toBeGreaterThan(0);
  });

  describe.runIf(shellcheckAvailable())('shell scripts pass shellcheck', () => {
    for (const name of workflowFiles) {
      it(`every run: step of ${name}`, () => {
        for (const [jobName, job] of Object.entries(workflow(name).jobs)) {
          for (const step of job.steps.filter((candidate) => candidate.run)) {
            // GitHub substitutes expressions before bash runs; a plain word stands in for them.
            const script = step.run!.replace(/\$\{\{[^}]*\}\}/g, 'GITHUB_EXPRESSION');
            expect(shellcheckBash(script), `${name} job ${jobName} step "${step.name ?? step.run}"`).toBe('');
          }
        }
      });
    }

    for (const script of ['.ci/run', '.ci/render-overlays']) {
      it(script, () => {
        expect(shellcheckBash(readFileSync(join(repositoryRoot, script), 'utf8'))).toBe('');
      });
    }

    it('shellcheck really checks: an unquoted expansion is reported', () => {
      expect(shellcheckBash('rm -rf $1\n')).toContain('SC2086');
    });
  });
});

describe('ci.yml', () => {
  const ci = workflow('ci.yml');
  const test = ci.jobs.test!;

  it('runs on pushes to main and on every pull request', () => {
    expect(ci.on).toMatchObject({ push: { branches: ['main'] }, pull_request: null });
    expect(ci.permissions).toEqual({ contents: 'read' });
  });

  it('runs the two commands of the README as written, the build first, with the Node of .nvmrc and the Go of the toolchain', () => {
    expect(test.steps.find((step) => step.uses?.startsWith('actions/setup-node@'))?.with).toMatchObject({ 'node-version-file': '.nvmrc' });
    expect(test.steps.find((step) => step.uses?.startsWith('actions/setup-go@'))?.with).toMatchObject({ 'go-version-file': 'toolchain/helm/go.mod' });
    const quickStart = readFileSync(join(repositoryRoot, 'README.md'), 'utf8').split('\n## ')[1] ?? '';
    const commands = [...quickStart.matchAll(/^```sh\n([^\n]+)\n/gm)].map((match) => match[1]!.replace(/\s+#.*$/, ''));
    expect(commands).toEqual(['bash .ci/run build', 'bash .ci/run test']);
    // Each is a line of its own in exactly one step, in the README's order, with the reference data's setting.
    const runningEach = commands.map((command) => test.steps.findIndex((step) => step.run?.split('\n').some((line) => line.trim() === command)));
    for (const [index, command] of commands.entries()) {
      expect(test.steps.filter((step) => step.run?.split('\n').some((line) => line.trim() === command)), command).toHaveLength(1);
      expect(test.steps[runningEach[index]!]!.env, command).toEqual({ O4G_SHARED_DIR: '${{ vars.O4G_SHARED_DIR }}' });
    }
    expect(runningEach[0]).toBeLessThan(runningEach[1]!);
  });

  it('the build step fails when the build changes the committed tree (the drift gate after it could no longer see that)', () => {
    const [build] = stepsRunning(test, 'bash .ci/run build');
    expect(build?.run).toContain('test -z "$(git status --porcelain)"');
    expect(build!.run!.indexOf('bash .ci/run build')).toBeLessThan(build!.run!.indexOf('test -z'));
  });

  it('.ci/run test installs, typechecks, runs vitest and the drift gate', () => {
    const run = readFileSync(join(repositoryRoot, '.ci/run'), 'utf8');
    for (const command of ['toolchain/install', 'npm ci --no-audit --no-fund', 'npm run --silent typecheck', 'npx vitest run', 'npx o4g check', 'node tools/bin/reference-data.mjs --require']) {
      expect(run, command).toContain(command);
    }
  });

  it('rebuilds with nx affected on pull requests, from the base branch, and requires an unchanged tree', () => {
    const [affected] = stepsRunning(test, 'nx affected -t build');
    expect(affected?.if).toBe("github.event_name == 'pull_request'");
    expect(affected?.env).toEqual({ BASE_REF: '${{ github.base_ref }}' });
    expect(affected?.run).toContain('--base="origin/${BASE_REF}" --head=HEAD');
    expect(affected?.run).toContain('test -z "$(git status --porcelain)"');
    expect(test.steps.find((step) => step.uses?.startsWith('actions/checkout@'))?.with).toMatchObject({ 'fetch-depth': 0 });
  });

  it('renders every overlay with kustomize and scans the manifests with Trivy, HIGH and CRITICAL blocking', () => {
    const manifests = ci.jobs.manifests!;
    expect(stepsRunning(manifests, '.ci/render-overlays "${RUNNER_TEMP}/rendered"')).toHaveLength(1);
    const [scan] = stepsRunning(manifests, 'trivy config');
    expect(scan?.run).toMatch(/--severity HIGH,CRITICAL --exit-code 1\s+--ignorefile \.trivyignore\.yaml "\$\{RUNNER_TEMP\}\/rendered"/);
  });

  it('scans every image `o4g images` reports with Trivy, HIGH and CRITICAL blocking', () => {
    expect(test.outputs).toEqual({ images: '${{ steps.images.outputs.images }}' });
    expect(stepsRunning(test, 'npx o4g images')).toHaveLength(1);
    const images = ci.jobs.images!;
    expect(images.needs).toBe('test');
    const [scan] = stepsRunning(images, 'trivy image');
    expect(scan?.env).toEqual({ IMAGES: '${{ needs.test.outputs.images }}' });
    expect(scan?.run).toContain('trivy image --severity HIGH,CRITICAL --exit-code 1 --ignorefile .trivyignore.yaml');
    expect(scan?.run).toContain("jq -r '.[]' <<<\"${IMAGES}\"");
    expect(scan?.run).toContain('exit 1');
  });
});

describe('renovate-regenerate.yml', () => {
  const regenerate = workflow('renovate-regenerate.yml');
  const job = regenerate.jobs.regenerate!;

  it("runs on Renovate's pushes to Renovate branches and may push", () => {
    expect(regenerate.on).toEqual({ push: { branches: ['renovate/**'] } });
    expect(job.if).toBe("github.actor == 'renovate[bot]'");
    expect(regenerate.permissions).toEqual({ contents: 'write' });
  });

  it('rebuilds the tree and commits only generated files to the branch', () => {
    expect(stepsRunning(job, 'npx o4g build')).toHaveLength(1);
    const [commit] = stepsRunning(job, 'git push');
    expect(commit?.run).toContain("grep -Ev '^(infra|apps|policies|clusters)/'");
    expect(commit?.run).toContain('git push origin "HEAD:${BRANCH}"');
  });

  it("commits as an author Renovate ignores, so Renovate keeps managing (rebasing) its branch", () => {
    const [commit] = stepsRunning(job, 'git push');
    const email = /git config user\.email '([^']+)'/.exec(commit?.run ?? '')?.[1];
    const renovate = JSON.parse(readFileSync(join(repositoryRoot, 'renovate.json'), 'utf8')) as { gitIgnoredAuthors: string[] };
    expect(email).toBeDefined();
    expect(renovate.gitIgnoredAuthors).toContain(email);
  });
});

describe('.trivyignore.yaml (accepted risks)', () => {
  it('gives every entry an id, a statement and an expiry date', () => {
    expect(acceptedRiskProblems(readFileSync(join(repositoryRoot, '.trivyignore.yaml'), 'utf8'))).toEqual([]);
  });

  it('refuses entries without reason or expiry, and unknown sections', () => {
    const text = [
      'vulnerabilities:',
      '  - id: CVE-2026-1',
      '    statement: no fix released; the code path is unused',
      '    expired_at: 2026-12-31',
      '  - id: CVE-2026-2',
      '    expired_at: 2026-12-31',
      'misconfigurations:',
      '  - id: KSV-0014',
      '    statement: accepted',
      'vulns: []',
    ].join('\n');
    expect(acceptedRiskProblems(text)).toEqual([
      'vulnerabilities[1] (CVE-2026-2): statement is missing: say why the risk is accepted',
      'misconfigurations[0] (KSV-0014): expired_at is missing: give the date (YYYY-MM-DD) after which the risk is reviewed again',
      'vulns: unknown section, expected one of vulnerabilities, misconfigurations, secrets, licenses',
    ]);
  });
});

describe.runIf(kubectlAvailable())('.ci/render-overlays', () => {
  it('renders the path of every Flux Kustomization of every cluster into one file per unit', () => {
    const output = mkdtempSync(join(tmpdir(), 'o4g-rendered-'));
    try {
      const result = spawnSync(join(repositoryRoot, '.ci/render-overlays'), [output], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      for (const environment of readdirSync(join(repositoryRoot, 'clusters'))) {
        const fluxFiles = readdirSync(join(repositoryRoot, 'clusters', environment, 'flux')).filter((name) => name !== 'kustomization.yaml');
        expect(readdirSync(join(output, environment)).sort()).toEqual(fluxFiles.sort());
        for (const file of fluxFiles) {
          const objects = parseAllDocuments(readFileSync(join(output, environment, file), 'utf8')).map((document) => document.toJSON() as { metadata?: { namespace?: string } });
          // Logs are off in prod: its observability/logs unit renders nothing (and Flux applies nothing).
          if (`${environment}/${file}` === 'prod/infra-observability-logs.yaml') expect(objects.filter((object) => object !== null)).toEqual([]);
          else expect(objects.length, `${environment}/${file}`).toBeGreaterThan(0);
          // The overlay, not the base: no object is left in the defaults namespace.
          expect(objects.filter((object) => object.metadata?.namespace === 'open4goods-defaults'), `${environment}/${file}`).toEqual([]);
        }
      }
    } finally {
      rmSync(output, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses to run without an output directory', () => {
    expect(spawnSync(join(repositoryRoot, '.ci/render-overlays'), [], { encoding: 'utf8' }).status).toBe(2);
  });
});
