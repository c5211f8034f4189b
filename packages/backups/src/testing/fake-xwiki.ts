import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { freePort } from './mariadb.ts';

/** What the fake XWiki received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly body: Buffer;
}

/** How the fake XWiki answers one request. */
export interface FakeAnswer {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: Buffer | string;
}

/**
 * A local HTTP server standing in for XWiki's export action and REST API: records each request
 * and answers with whatever the test sets, so every failure mode can be played.
 */
export class FakeXwiki {
  readonly requests: ReceivedRequest[] = [];
  answer: (request: ReceivedRequest) => FakeAnswer = () => ({ status: 500 });

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FakeXwiki> {
    const port = await freePort();
    let fake: FakeXwiki | undefined;
    const server = createServer((request, response) => fake!.handle(request, response));
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    fake = new FakeXwiki(server, `http://127.0.0.1:${port}`);
    return fake;
  }

  private handle(incoming: IncomingMessage, outgoing: ServerResponse): void {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const received: ReceivedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        authorization: incoming.headers.authorization,
        contentType: incoming.headers['content-type'],
        body: Buffer.concat(chunks),
      };
      this.requests.push(received);
      const answer = this.answer(received);
      outgoing.writeHead(answer.status, { ...answer.headers });
      outgoing.end(answer.body ?? '');
    });
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** The Authorization header curl sends for these credentials. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
