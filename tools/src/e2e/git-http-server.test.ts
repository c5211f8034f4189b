import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { git } from '../testing/repository-copy.ts';
import { startGitHttpServer } from './git-http-server.ts';
import type { LoopbackServer } from './loopback-server.ts';

describe('the local Git server (git http-backend on loopback)', () => {
  let scratch: string;
  let server: LoopbackServer;
  let commit: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'o4g-git-server-'));
    const work = join(scratch, 'work');
    git(scratch, 'init', '--quiet', '--initial-branch=main', work);
    writeFileSync(join(work, 'kustomization.yaml'), 'resources: []\n');
    git(work, 'add', '--all');
    git(work, 'commit', '--quiet', '--message', 'tree');
    commit = git(work, 'rev-parse', 'HEAD').trim();
    git(scratch, 'clone', '--quiet', '--bare', work, join(scratch, 'served', 'tree.git'));
    server = await startGitHttpServer(join(scratch, 'served'));
  });

  afterAll(async () => {
    await server?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('listens on loopback only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the repository to a git client over smart HTTP: ls-remote and clone see the commit', async () => {
    // Asynchronous git: the server runs in this process, so a synchronous client would block it.
    const listing = await gitAsync(scratch, 'ls-remote', `${server.url}/tree.git`);
    expect(listing).toContain(`${commit}\trefs/heads/main`);
    await gitAsync(scratch, 'clone', '--quiet', `${server.url}/tree.git`, join(scratch, 'clone'));
    expect(git(join(scratch, 'clone'), 'rev-parse', 'HEAD').trim()).toBe(commit);
    expect(readFileSync(join(scratch, 'clone', 'kustomization.yaml'), 'utf8')).toBe('resources: []\n');
  });

  it('refuses a push and an unknown repository', async () => {
    await expect(gitAsync(join(scratch, 'clone'), 'push', `${server.url}/tree.git`, 'HEAD:refs/heads/other')).rejects.toThrow(/403|denied|not found|unable/i);
    await expect(gitAsync(scratch, 'ls-remote', `${server.url}/missing.git`)).rejects.toThrow(/not found|404/i);
    expect(spawnSync('git', ['--git-dir', join(scratch, 'served', 'tree.git'), 'branch', '--list', 'other'], { encoding: 'utf8' }).stdout).toBe('');
  });
});

function gitAsync(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (error, stdout, stderr) =>
      error ? reject(new Error(`git ${args.join(' ')}: ${stderr}`)) : resolve(stdout),
    );
  });
}
