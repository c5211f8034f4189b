import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type OutgoingHttpHeaders, type Server as HttpServer, createServer as createHttpServer } from 'node:http';
import { type Server as HttpsServer, createServer as createHttpsServer } from 'node:https';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SecureVersion } from 'node:tls';

/** A server certificate and its key, as PEM text. */
export interface IssuedCertificate {
  readonly hostName: string;
  readonly keyPem: string;
  /** The certificate, then its issuer's: the chain a server sends. */
  readonly chainPem: string;
}

/** A certificate authority of the test's own, as openssl made it. */
export interface CertificateAuthority {
  readonly organization: string;
  /** Its certificate alone: what a client trusts (SMOKE_CA_BUNDLE). */
  readonly certificatePath: string;
  /** A certificate for this host name (subjectAltName DNS:hostName), signed by this authority. */
  issue(hostName: string): IssuedCertificate;
}

function openssl(args: readonly string[], directory: string): void {
  const result = spawnSync('openssl', [...args], { cwd: directory, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
}

/** A distinguished name for openssl's -subj, whose "/" and "\" separate and escape. */
function subject(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([field, value]) => `/${field}=${value.replace(/[\\/]/g, (character) => `\\${character}`)}`)
    .join('');
}

/**
 * Certificate authorities and server certificates made by the openssl CLI in a temporary
 * directory, shaped like Let's Encrypt's (issuer C, O and CN; server certificates with a DNS
 * subjectAltName, for serverAuth). Call remove() when the suite is done.
 */
export class TestCertificates {
  private files = 0;

  private constructor(readonly directory: string) {}

  static create(): TestCertificates {
    return new TestCertificates(mkdtempSync(join(tmpdir(), 'smoke-certificates-')));
  }

  authority(organization: string, commonName: string): CertificateAuthority {
    const name = this.nextName('authority');
    const keyPath = join(this.directory, `${name}.key`);
    const certificatePath = join(this.directory, `${name}.pem`);
    const authorityExtensions = ['-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'];
    const authoritySubject = subject({ C: 'US', O: organization, CN: commonName });
    openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '7', '-keyout', keyPath, '-out', certificatePath, '-subj', authoritySubject, ...authorityExtensions], this.directory);
    return { organization, certificatePath, issue: (hostName) => this.issue(hostName, keyPath, certificatePath) };
  }

  private issue(hostName: string, authorityKeyPath: string, authorityCertificatePath: string): IssuedCertificate {
    const name = this.nextName(hostName);
    const keyPath = join(this.directory, `${name}.key`);
    const requestPath = join(this.directory, `${name}.csr`);
    const certificatePath = join(this.directory, `${name}.pem`);
    const extensionsPath = join(this.directory, `${name}.ext`);
    writeFileSync(
      extensionsPath,
      [`subjectAltName=DNS:${hostName}`, 'basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth', ''].join('\n'),
    );
    openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', requestPath, '-subj', subject({ CN: hostName })], this.directory);
    const serial = `0x${randomBytes(16).toString('hex')}`;
    openssl(['x509', '-req', '-in', requestPath, '-CA', authorityCertificatePath, '-CAkey', authorityKeyPath, '-set_serial', serial, '-days', '7', '-extfile', extensionsPath, '-out', certificatePath], this.directory);
    return {
      hostName,
      keyPem: readFileSync(keyPath, 'utf8'),
      chainPem: readFileSync(certificatePath, 'utf8') + readFileSync(authorityCertificatePath, 'utf8'),
    };
  }

  private nextName(label: string): string {
    this.files += 1;
    return `${this.files}-${label}`;
  }

  remove(): void {
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** How a server answers every request. */
export interface Answer {
  readonly status: number;
  readonly headers?: OutgoingHttpHeaders;
}

export interface LocalIngressOptions {
  readonly certificate: IssuedCertificate;
  /**
   * The lowest TLS version the HTTPS server accepts; TLSv1.2 (Node's default and ingress-nginx's)
   * unless a test plays an ingress that still accepts the old ones. Below TLSv1.2 the server runs at
   * OpenSSL security level 0, without which OpenSSL 3 refuses TLS 1.0 and 1.1 on its side too.
   */
  readonly minimumTlsVersion?: SecureVersion;
  /** The TLS 1.2 cipher list (OpenSSL's syntax); Node's default unless given. Ignored below TLSv1.2. */
  readonly ciphers?: string;
  /** The answer of the HTTPS server. */
  readonly https: Answer;
  /** The answer of the plain HTTP server; given the HTTPS port, to redirect there. */
  readonly http: (httpsPort: number) => Answer;
}

function listen(server: HttpServer | HttpsServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function close(server: HttpServer | HttpsServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * What the NGINX ingress is to the smoke check, on 127.0.0.1 and random ports: an HTTPS server
 * with a given certificate and lowest TLS version, and a plain HTTP server; both answer every
 * request with what the test says. Call stop() when the test is done.
 */
export class LocalIngress {
  private constructor(
    private readonly httpsServer: HttpsServer,
    private readonly httpServer: HttpServer,
    readonly httpsPort: number,
    readonly httpPort: number,
  ) {}

  static async start(options: LocalIngressOptions): Promise<LocalIngress> {
    const minVersion = options.minimumTlsVersion ?? 'TLSv1.2';
    const legacyTls = minVersion === 'TLSv1' || minVersion === 'TLSv1.1';
    const ciphers = legacyTls ? 'DEFAULT@SECLEVEL=0' : options.ciphers;
    const httpsServer = createHttpsServer(
      { key: options.certificate.keyPem, cert: options.certificate.chainPem, minVersion, ...(ciphers ? { ciphers } : {}) },
      (request, response) => {
        request.resume();
        response.writeHead(options.https.status, { ...options.https.headers });
        response.end();
      },
    );
    const httpsPort = await listen(httpsServer);
    const httpServer = createHttpServer((request, response) => {
      request.resume();
      const answer = options.http(httpsPort);
      response.writeHead(answer.status, { ...answer.headers });
      response.end();
    });
    const httpPort = await listen(httpServer);
    return new LocalIngress(httpsServer, httpServer, httpsPort, httpPort);
  }

  async stop(): Promise<void> {
    await Promise.all([close(this.httpsServer), close(this.httpServer)]);
  }
}

/** A loopback port nothing listens on (it was free a moment ago, and nothing here binds it). */
export async function unusedPort(): Promise<number> {
  const server = createNetServer();
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
