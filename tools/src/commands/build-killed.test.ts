import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build as esbuild } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireBuildLock, buildLockFile } from '../engine/build-lock.ts';
import { listGeneratedFiles } from '../engine/tree.ts';
import { listInterruptedWrites } from '../engine/tree-journal.ts';
import { temporaryRepository } from '../testing/fixtures.ts';
import { manyFilesWorkspace } from '../testing/build-process.ts';
import { runBuild } from './build.ts';
import { runCheck } from './check.ts';

/**
 * `o4g build` killed with SIGKILL at random moments while it changes ~120 files, two builds at
 * once, a stale lock, a half-applied change: the real build (lock, journal, atomic writes) in
 * processes of their own, on a fixture workspace whose every file changes between two
 * generations. The repository's own build renders every chart with Helm (about 30 s here), which
 * would make 30 kills take half an hour; the write phase under test is the same code.
 */

const toolsDirectory = fileURLToPath(new URL('../../', import.meta.url));
const kills = 30;

/** A small PRNG, so one seed replays the same kill moments. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sink = () => {
  let text = '';
  return { output: { out: (chunk: string) => void (text += chunk), err: (chunk: string) => void (text += chunk) }, text: () => text };
};

/** The generated files and their content. */
const snapshot = (root: string) => new Map(listGeneratedFiles(root).map((file) => [file.path, file.content]));

/** What builds may leave while they run or when killed: staging directories, the lock, its candidates and claims, temporary files. */
function leftovers(root: string): string[] {
  const found: string[] = [];
  const visit = (relative: string): void => {
    for (const entry of readdirSync(join(root, relative), { withFileTypes: true })) {
      if (entry.name === 'nx.json') continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.o4g-') || entry.name.endsWith('.tmp')) found.push(child);
      else if (entry.isDirectory()) visit(child);
    }
  };
  visit('');
  return found;
}

describe('o4g build interrupted, or run twice at once', { timeout: 600_000 }, () => {
  let harness: string;

  beforeAll(async () => {
    // Bundled once, next to the CLI bundle so its packages resolve: each process then starts in a fraction of a second.
    harness = join(toolsDirectory, `dist/build-process-${process.pid}.test.mjs`);
    const { nodeBundleOptions } = (await import(pathToFileURL(join(toolsDirectory, 'bundle.mjs')).href)) as { nodeBundleOptions: object };
    await esbuild({ ...nodeBundleOptions, entryPoints: [join(toolsDirectory, 'src/testing/build-process.ts')], outfile: harness });
  });

  afterAll(() => {
    if (harness) rmSync(harness, { force: true });
  });

  function start(root: string, generation: number, action: 'build' | 'check', variables: NodeJS.ProcessEnv = {}, units?: number) {
    const child: ChildProcess = spawn(process.execPath, [harness, root, String(generation), action, ...(units ? [String(units)] : [])], {
      env: { PATH: process.env.PATH, ...variables },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; output: string }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, output })));
    return { child, exit, output: () => output };
  }

  const buildInProcess = async (root: string, generation: number, units?: number) => {
    const captured = sink();
    return { code: await runBuild(manyFilesWorkspace(root, generation, units), {}, captured.output), output: captured.text() };
  };
  const checkInProcess = (root: string, generation: number, units?: number) => {
    const captured = sink();
    return { code: runCheck(manyFilesWorkspace(root, generation, units), captured.output), output: captured.text() };
  };

  it(`SIGKILLed at ${kills} random moments: after each, o4g check passes or the next build completes the change, and nothing is left behind`, async () => {
    const seed = Number(process.env.O4G_KILL_SEED ?? Math.floor(Math.random() * 2 ** 32));
    const replay = `seed ${seed} (replay: O4G_KILL_SEED=${seed} npx vitest run src/commands/build-killed.test.ts)`;
    console.log(`build-killed: ${replay}`);
    const random = mulberry32(seed);
    const root = temporaryRepository();
    try {
      // An unkilled run first: the tree at generation 1, and how long a whole run takes.
      const started = performance.now();
      const first = await start(root, 1, 'build').exit;
      const runMilliseconds = performance.now() - started;
      expect(first.code, first.output).toBe(0);
      let before = snapshot(root);
      expect(before.size).toBeGreaterThan(120);
      const outcomes = { untouched: 0, complete: 0, halfAppliedThenFinished: 0 };
      for (let kill = 0; kill < kills; kill++) {
        const generation = kill + 2;
        const delay = Math.round(random() * runMilliseconds);
        const where = `kill ${kill + 1} of ${kills}, ${delay} ms into a ${Math.round(runMilliseconds)} ms run, ${replay}`;
        const run = start(root, generation, 'build');
        await new Promise((resolve) => setTimeout(resolve, delay));
        run.child.kill('SIGKILL');
        await run.exit;
        const killed = snapshot(root);
        const unfinished = listInterruptedWrites(root).some((write) => write.committed);
        const check = checkInProcess(root, generation);
        const completion = await buildInProcess(root, generation);
        expect(completion.code, `${where}\n${completion.output}`).toBe(0);
        expect(leftovers(root), where).toEqual([]);
        expect(checkInProcess(root, generation).code, where).toBe(0);
        const after = snapshot(root);
        // Every file the kill left is the old one or the new one, whole; a mix of both only while a committed change waits to be finished.
        for (const [path, content] of killed) expect([before.get(path), after.get(path)], `${where}: ${path}`).toContain(content);
        const mixed = [...killed].some(([path, content]) => content !== after.get(path)) && [...killed].some(([path, content]) => content !== before.get(path));
        if (mixed) expect(unfinished, `${where}: part old, part new, and no committed change to finish`).toBe(true);
        if (check.code === 0) outcomes.complete++;
        else if (unfinished) outcomes.halfAppliedThenFinished++;
        else outcomes.untouched++;
        if (check.code !== 0 && !unfinished) expect([...killed].every(([path, content]) => content === before.get(path)), where).toBe(true);
        before = after;
      }
      console.log(`build-killed: ${JSON.stringify(outcomes)} over ${kills} kills`);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('two builds at once: both finish, one after the other, and the tree is whole', async () => {
    const root = temporaryRepository();
    try {
      expect((await buildInProcess(root, 1)).code).toBe(0);
      const [left, right] = await Promise.all([start(root, 2, 'build').exit, start(root, 3, 'build').exit]);
      expect([left.code, right.code], `${left.output}\n${right.output}`).toEqual([0, 0]);
      expect(leftovers(root)).toEqual([]);
      // The tree is exactly one of the two generations: the one whose build wrote last.
      expect([checkInProcess(root, 2).code, checkInProcess(root, 3).code].sort()).toEqual([0, 1]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a build started while another holds the lock waits for it, or refuses clearly after its wait, and then writes nothing', async () => {
    const root = temporaryRepository();
    try {
      expect((await buildInProcess(root, 1)).code).toBe(0);
      const before = snapshot(root);
      const lock = (await acquireBuildLock(root))!;
      const refused = await start(root, 2, 'build', { O4G_LOCK_WAIT_MS: '500' }).exit;
      expect(refused.code).toBe(1);
      expect(refused.output).toContain(`o4g build: waiting for another build to finish (pid ${process.pid} on ${hostname()}`);
      expect(refused.output).toContain(`o4g build: another o4g build (pid ${process.pid} on ${hostname()}`);
      expect(refused.output).toContain(`and is still running. Let it finish, or stop it (kill ${process.pid}), then run the build again.`);
      expect(snapshot(root)).toEqual(before);
      const waiting = start(root, 2, 'build');
      while (!waiting.output().includes('waiting for another build to finish')) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(snapshot(root)).toEqual(before);
      lock.release();
      const waited = await waiting.exit;
      expect(waited.code, waited.output).toBe(0);
      expect(leftovers(root)).toEqual([]);
      expect(checkInProcess(root, 2).code).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('the lock of a build that no longer runs is taken over, and removed after', async () => {
    const root = temporaryRepository();
    try {
      const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
      writeFileSync(join(root, buildLockFile), JSON.stringify({ pid: Number(dead), host: hostname(), since: '2026-01-01T00:00:00.000Z', command: 'build' }));
      const result = await start(root, 1, 'build').exit;
      expect(result.code, result.output).toBe(0);
      expect(result.output).toContain(`o4g build: took over the lock of pid ${dead} on ${hostname()}, started 2026-01-01T00:00:00.000Z, \`o4g build\`, which no longer runs`);
      expect(leftovers(root)).toEqual([]);
      expect(checkInProcess(root, 1).code).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('a change that stopped half applied (a file in the way of a new directory) is finished by the next build; o4g check says so meanwhile', async () => {
    const root = temporaryRepository();
    try {
      expect((await buildInProcess(root, 1)).code).toBe(0);
      // Generation 2 adds an 11th unit to every component; a file where one of its directories goes stops the write midway.
      const existing = [...snapshot(root).keys()].find((path) => path.includes('/part-3/unit-0/'))!;
      const blocker = join(root, dirname(existing).replace('/unit-0', '/unit-10'));
      mkdirSync(dirname(blocker), { recursive: true });
      writeFileSync(blocker, 'in the way\n');
      const stopped = await start(root, 2, 'build', {}, 11).exit;
      expect(stopped.code).toBe(1);
      expect(stopped.output).toMatch(/The change is recorded in .*\.o4g-staging-[^;]+; fix the cause and run `npx o4g build` again to finish it\./);
      const half = snapshot(root);
      expect([...half.values()].filter((content) => content.includes('generation: "2"')).length).toBeGreaterThan(0);
      expect([...half.values()].filter((content) => content.includes('generation: "1"')).length).toBeGreaterThan(0);
      rmSync(blocker);
      const check = await start(root, 2, 'check', {}, 11).exit;
      expect(check.code).toBe(1);
      expect(check.output).toContain('o4g check: an interrupted `o4g build` left its change half applied:');
      const finished = await start(root, 2, 'build', {}, 11).exit;
      expect(finished.code, finished.output).toBe(0);
      expect(finished.output).toMatch(/o4g build: finished the change an interrupted build left in .*\.o4g-staging-\S+ \([0-9]+ files moved into place, 0 pruned\)/);
      expect(leftovers(root)).toEqual([]);
      expect(checkInProcess(root, 2, 11).code).toBe(0);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
