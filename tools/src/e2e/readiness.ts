import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { KeyPair } from './certificates.ts';
import type { RunningProgram } from './processes.ts';

export interface HttpsResponse {
  readonly status: number;
  readonly body: string;
}

/** One GET over HTTPS, trusting only `ca`, authenticated by a client certificate when given. */
export function httpsGet(url: string, ca: string, client?: KeyPair): Promise<HttpsResponse> {
  return new Promise((resolve, reject) => {
    const tls = { ca: readFileSync(ca), ...(client ? { cert: readFileSync(client.certificate), key: readFileSync(client.key) } : {}) };
    const call = request(url, { method: 'GET', timeout: 5000, ...tls }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    call.on('timeout', () => call.destroy(new Error(`GET ${url}: no answer in 5 s`)));
    call.on('error', reject);
    call.end();
  });
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/**
 * Polls `probe` until it returns true, failing at `timeoutMs` or as soon as the program it waits
 * for has exited, with the program's last log lines and the probe's last error.
 */
export async function waitUntil(what: string, probe: () => Promise<boolean>, options: { timeoutMs: number; program?: RunningProgram }): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError = '';
  for (;;) {
    const exit = options.program?.exit();
    if (exit) throw new Error(`${what}: ${options.program!.name} ${exit} (${options.program!.logFile}):\n${options.program!.logTail()}`);
    try {
      if (await probe()) return;
      lastError = '';
    } catch (error) {
      lastError = (error as Error).message;
    }
    if (Date.now() > deadline) {
      const log = options.program ? `\nlast lines of ${options.program.logFile}:\n${options.program.logTail()}` : '';
      throw new Error(`${what}: not ready after ${options.timeoutMs / 1000} s${lastError ? ` (last error: ${lastError})` : ''}${log}`);
    }
    await sleep(250);
  }
}
