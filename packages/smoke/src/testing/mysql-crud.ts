import type { PrivateMariadb } from '@open4goods/backups/testing';
import { type ProgramResult, minimalScriptEnvironment, runProgram } from '@open4goods/kit/testing';
import { type ChildProcess, spawn } from 'node:child_process';
import { type Server, type Socket, connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { smokeScriptFiles } from '../scripts.ts';

/** The script as the ConfigMap carries it. */
export const mysqlCrudScript = fileURLToPath(new URL(`../../scripts/${smokeScriptFiles.mysqlCrud}`, import.meta.url));

/** Runs the script as the Job does: bash, exactly these variables. */
export function runMysqlCrudSmoke(variables: Readonly<Record<string, string>>): Promise<ProgramResult> {
  return runProgram('bash', [mysqlCrudScript], { ...minimalScriptEnvironment, ...variables });
}

/** Starts the script and hands back its process, to signal it as Kubernetes would. */
export function startMysqlCrudSmoke(variables: Readonly<Record<string, string>>): { readonly process: ChildProcess; readonly finished: Promise<ProgramResult> } {
  const child = spawn('bash', [mysqlCrudScript], { env: { ...minimalScriptEnvironment, ...variables }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const finished = new Promise<ProgramResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
  return { process: child, finished };
}

/** A string escaped for the inside of an SQL '…' literal (default sql_mode: backslash escapes apply). */
export function sqlEscaped(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll("'", "\\'");
}

/** A string as an SQL literal. */
export function sqlString(value: string): string {
  return `'${sqlEscaped(value)}'`;
}

/**
 * SQL as root without blocking the event loop: while a script runs, the proxy below lives in the
 * test process, and PrivateMariadb.sql (a synchronous spawn) would stall it.
 */
export async function rootSql(database: PrivateMariadb, statements: string): Promise<string> {
  const result = await runProgram(
    'mariadb',
    ['--no-defaults', `--socket=${database.socket}`, '--user=root', '--default-character-set=utf8mb4', '--batch', '--skip-column-names', `--execute=${statements}`],
    minimalScriptEnvironment,
  );
  if (result.status !== 0) throw new Error(`SQL failed: ${result.stderr.slice(-600)}`);
  return result.stdout;
}

/** SQL as some account over TCP, the way the smoke Job reaches the server; the result, errors included. */
export function accountSql(port: number, user: string, password: string, statements: string): Promise<ProgramResult> {
  return runProgram(
    'mariadb',
    ['--no-defaults', '--protocol=TCP', '--host=127.0.0.1', `--port=${port}`, `--user=${user}`, '--batch', '--skip-column-names', `--execute=${statements}`],
    { ...minimalScriptEnvironment, MYSQL_PWD: password },
  );
}

/** The smoke tables in a database (the script names them crud_smoke_<UTC time>_<random>). */
export async function smokeTables(database: PrivateMariadb, schema: string): Promise<string[]> {
  const output = await rootSql(database, `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = ${sqlString(schema)} AND LEFT(TABLE_NAME, 11) = 'crud_smoke_'`);
  return output.split('\n').filter((line) => line !== '');
}

/** How many connections the server has accepted or refused since it started. */
export async function connectionAttempts(database: PrivateMariadb): Promise<number> {
  const output = await rootSql(database, "SHOW GLOBAL STATUS LIKE 'Connections'");
  return Number(output.trim().split('\t')[1]);
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Polls until `probe` returns something other than undefined, or fails after `timeoutMilliseconds`. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMilliseconds = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMilliseconds;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

export interface LatencyLine {
  readonly count: number;
  readonly p50: number;
  readonly p95: number;
  readonly max: number;
}

/** The script's latency lines, by operation (milliseconds as numbers). */
export function latencyLines(stdout: string): Record<string, LatencyLine> {
  const found: Record<string, LatencyLine> = {};
  for (const match of stdout.matchAll(/^(\w+): (\d+) operations, p50 (\d+\.\d{3}) ms, p95 (\d+\.\d{3}) ms, max (\d+\.\d{3}) ms$/gm)) {
    const [, operation, count, p50, p95, max] = match as unknown as [string, string, string, string, string, string];
    found[operation] = { count: Number(count), p50: Number(p50), p95: Number(p95), max: Number(max) };
  }
  return found;
}

/**
 * A TCP proxy on loopback that holds every chunk the server sends for a fixed time before passing
 * it on: a network that is slow in a known way. Each statement's reply arrives at least that late,
 * so every round trip the script measures is at least the delay, whatever the machine's load.
 */
export class SlowNetwork {
  private constructor(
    private readonly server: Server,
    private readonly sockets: ReadonlySet<Socket>,
    readonly port: number,
  ) {}

  static async start(serverPort: number, delayMilliseconds: number): Promise<SlowNetwork> {
    const sockets = new Set<Socket>();
    const server = createServer((client) => {
      const upstream = connect(serverPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        // As MySQL's own sockets: without it, Nagle and delayed ACKs add ~40 ms to multi-packet replies.
        socket.setNoDelay(true);
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.on('data', (chunk) => upstream.write(chunk));
      // Timers of the same duration fire in the order they were set: the byte stream stays in order.
      upstream.on('data', (chunk) => setTimeout(() => client.destroyed || client.write(chunk), delayMilliseconds));
      upstream.on('close', () => setTimeout(() => client.end(), delayMilliseconds));
      client.on('close', () => upstream.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new SlowNetwork(server, sockets, (server.address() as { port: number }).port);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
