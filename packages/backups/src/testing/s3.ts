import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { type IncomingMessage, type Server, type ServerResponse, createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { freePort } from './mariadb.ts';

/** What the S3 endpoint received. */
export interface RecordedRequest {
  readonly method: string;
  /** Path without the query string, decoded: `/bucket/key`. */
  readonly path: string;
  readonly query: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Decides whether a request fails (with HTTP 500) instead of reaching the server. */
export type FaultRule = (request: RecordedRequest) => boolean;

const objectSuffix = '._S3rver_object';

/**
 * An S3 endpoint on loopback: s3rver (an S3 implementation for tests, storing objects on disk)
 * behind a small proxy that records every request (to check the server-side encryption headers
 * rclone sends) and can fail chosen requests (to prove a failed upload leaves nothing behind).
 */
export class LocalS3 {
  readonly requests: RecordedRequest[] = [];
  private fault: FaultRule | undefined;

  private constructor(
    readonly bucket: string,
    private readonly directory: string,
    private readonly server: S3rver,
    private readonly proxy: Server,
    readonly endpoint: string,
  ) {}

  /** s3rver's built-in account. */
  static readonly credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

  static async start(bucket: string): Promise<LocalS3> {
    const directory = mkdtempSync(join(tmpdir(), 'backups-s3-'));
    const serverPort = await freePort();
    const server = new S3rver({ address: '127.0.0.1', port: serverPort, directory, silent: true, configureBuckets: [{ name: bucket }] });
    await server.run();
    const proxyPort = await freePort();
    let local: LocalS3 | undefined;
    const proxy = createServer((incoming, outgoing) => local!.forward(incoming, outgoing, serverPort));
    await new Promise<void>((resolve) => proxy.listen(proxyPort, '127.0.0.1', resolve));
    local = new LocalS3(bucket, directory, server, proxy, `http://127.0.0.1:${proxyPort}`);
    return local;
  }

  /** From now on, requests matching the rule fail with 500; undefined lets everything through. */
  failWhen(rule: FaultRule | undefined): void {
    this.fault = rule;
  }

  private forward(incoming: IncomingMessage, outgoing: ServerResponse, serverPort: number): void {
    const [path = '/', query = ''] = (incoming.url ?? '/').split('?');
    const recorded: RecordedRequest = { method: incoming.method ?? 'GET', path: decodeURIComponent(path), query, headers: { ...incoming.headers } };
    this.requests.push(recorded);
    if (this.fault?.(recorded)) {
      incoming.resume();
      incoming.on('end', () => {
        outgoing.writeHead(500, { 'content-type': 'application/xml' });
        outgoing.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>InternalError</Code><Message>injected by the test</Message></Error>');
      });
      return;
    }
    const upstream = request({ host: '127.0.0.1', port: serverPort, method: incoming.method, path: incoming.url, headers: incoming.headers }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    upstream.on('error', () => outgoing.destroy());
    incoming.pipe(upstream);
  }

  /** Every object key of the bucket, sorted (read from s3rver's directory). */
  keys(): string[] {
    const root = join(this.directory, this.bucket);
    const found: string[] = [];
    const walk = (relative: string) => {
      const absolute = join(root, relative);
      if (!existsSync(absolute)) return;
      for (const entry of readdirSync(absolute, { withFileTypes: true })) {
        const child = relative ? `${relative}/${entry.name}` : entry.name;
        if (entry.isDirectory()) walk(child);
        else if (entry.name.endsWith(objectSuffix)) found.push(child.slice(0, -objectSuffix.length));
      }
    };
    walk('');
    return found.sort();
  }

  /** The uploads (PUT of a whole object, or the start of a multipart upload) of keys under a prefix. */
  uploadsUnder(prefix: string): RecordedRequest[] {
    return this.requests.filter(
      (recorded) => recorded.path.startsWith(`/${this.bucket}/${prefix}`) && ((recorded.method === 'PUT' && !recorded.query.includes('partNumber')) || (recorded.method === 'POST' && recorded.query.startsWith('uploads'))),
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.proxy.close(() => resolve()));
    await this.server.close();
    rmSync(this.directory, { recursive: true, force: true });
  }
}
