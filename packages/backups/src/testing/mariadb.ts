import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * A MariaDB server of the test's own: a fresh data directory in a temporary directory, a socket
 * there and a loopback port, started as a child of the test process and stopped by stop(). The
 * server settings are those of the mysql package that matter to a dump (utf8mb4, binary collation).
 */
export class PrivateMariadb {
  private constructor(
    readonly directory: string,
    readonly socket: string,
    readonly port: number,
    private readonly process: ChildProcess,
  ) {}

  static async start(): Promise<PrivateMariadb> {
    const directory = mkdtempSync(join(tmpdir(), 'backups-mariadb-'));
    const dataDirectory = join(directory, 'data');
    const socket = join(directory, 'mysqld.sock');
    // mariadbd refuses to run as root unless told which user to run as.
    const user = process.getuid?.() === 0 ? ['--user=root'] : [];
    const install = spawnSync(
      'mariadb-install-db',
      ['--no-defaults', `--datadir=${dataDirectory}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...user],
      { encoding: 'utf8' },
    );
    if (install.status !== 0) throw new Error(`mariadb-install-db failed:\n${install.stdout}${install.stderr}`);
    const port = await freePort();
    const server = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${dataDirectory}`,
        `--socket=${socket}`,
        `--port=${port}`,
        '--bind-address=127.0.0.1',
        `--pid-file=${join(directory, 'mysqld.pid')}`,
        '--character-set-server=utf8mb4',
        '--collation-server=utf8mb4_bin',
        '--skip-name-resolve',
        '--skip-log-bin',
        '--innodb-buffer-pool-size=64M',
        `--log-error=${join(directory, 'error.log')}`,
        ...user,
      ],
      { stdio: 'ignore' },
    );
    const database = new PrivateMariadb(directory, socket, port, server);
    for (let attempt = 0; attempt < 100; attempt++) {
      if (server.exitCode !== null) break;
      if (spawnSync('mariadb-admin', ['--no-defaults', `--socket=${socket}`, '--user=root', 'ping'], { encoding: 'utf8' }).status === 0) return database;
      await sleep(200);
    }
    await database.stop();
    throw new Error(`the private MariaDB server did not start (see ${join(directory, 'error.log')})`);
  }

  /** Runs SQL as root over the socket; throws with the server's message on error. */
  sql(statements: string, database?: string): string {
    const result = spawnSync(
      'mariadb',
      ['--no-defaults', `--socket=${this.socket}`, '--user=root', '--default-character-set=utf8mb4', '--batch', '--skip-column-names', ...(database ? [database] : [])],
      { input: statements, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (result.status !== 0) throw new Error(`SQL failed: ${result.stderr.slice(-600)}`);
    return result.stdout;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await Promise.race([exited, sleep(30_000)]);
      if (this.process.exitCode === null) this.process.kill('SIGKILL');
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}
