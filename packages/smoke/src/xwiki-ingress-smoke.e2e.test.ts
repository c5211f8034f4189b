import { issuingAuthorities } from '@open4goods/cert-manager';
import { hstsMaxAgeSeconds, tls12Ciphers } from '@open4goods/ingress';
import { BusyboxImagePath, type ProgramResult, externalToolAvailable } from '@open4goods/kit/testing';
import { join } from 'node:path';
import type { SecureVersion } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smokeScriptFiles } from './scripts.ts';
import { type Answer, type CertificateAuthority, type IssuedCertificate, LocalIngress, TestCertificates, unusedPort } from './testing/https-server.ts';

const script = join(fileURLToPath(new URL('../scripts/', import.meta.url)), smokeScriptFiles.xwikiIngress);

// What the curl image gives the script besides curl: busybox sh runs it, awk reads curl's output.
const curlImageApplets = ['sh', 'awk'] as const;

const fqdn = 'wiki.smoke.test';
const prodIssuer = issuingAuthorities['letsencrypt-prod'].issuerOrganization;
const stagingIssuer = issuingAuthorities['letsencrypt-staging'].issuerOrganization;
// What the NGINX ingress controller sends as configured (packages/ingress): it always adds preload.
const ingressHsts = `max-age=${hstsMaxAgeSeconds}; includeSubDomains; preload`;

/** XWiki behind the ingress: / redirects to the main page, with the ingress's headers. */
const xwikiThroughIngress: Answer = { status: 302, headers: { Location: '/bin/view/Main/', 'Strict-Transport-Security': ingressHsts, Server: 'nginx' } };
/** The ingress's plain HTTP listener: a 308 to the same name over HTTPS. */
const redirectToHttps = (httpsPort: number): Answer => ({ status: 308, headers: { Location: `https://${fqdn}:${httpsPort}/`, Server: 'nginx' } });

const checkNames = ['https', 'http-redirect', 'hsts', 'server-token', 'tls-1.0-refused', 'tls-1.1-refused', 'certificate-issuer'] as const;
type CheckName = (typeof checkNames)[number];

const toolsAvailable =
  externalToolAvailable('curl', ['--version'], 'the XWiki ingress smoke check end-to-end tests') &&
  externalToolAvailable('busybox', ['--help'], 'the XWiki ingress smoke check end-to-end tests (the shell of the curl image)') &&
  externalToolAvailable('openssl', ['version'], 'the XWiki ingress smoke check end-to-end tests (their certificates)');

describe.runIf(toolsAvailable)('the xwiki-ingress smoke check against a local HTTPS and HTTP ingress', { timeout: 60_000 }, () => {
  let certificates: TestCertificates;
  let prodAuthority: CertificateAuthority;
  let stagingAuthority: CertificateAuthority;
  let prodCertificate: IssuedCertificate;
  let stagingCertificate: IssuedCertificate;
  /** From the prod authority, so it verifies, but for a name other than the wiki's. */
  let otherHostCertificate: IssuedCertificate;
  let image: BusyboxImagePath;

  beforeAll(() => {
    certificates = TestCertificates.create();
    prodAuthority = certificates.authority(prodIssuer, 'Smoke Test R11');
    stagingAuthority = certificates.authority(stagingIssuer, '(STAGING) Smoke Test Ersatz E1');
    prodCertificate = prodAuthority.issue(fqdn);
    stagingCertificate = stagingAuthority.issue(fqdn);
    otherHostCertificate = prodAuthority.issue('other.smoke.test');
    image = BusyboxImagePath.create(curlImageApplets, ['curl']);
  });
  afterAll(() => {
    image?.remove();
    certificates?.remove();
  });

  const stagingVariables = { SMOKE_FQDN: fqdn, SMOKE_HSTS_MAX_AGE: String(hstsMaxAgeSeconds), SMOKE_EXPECTED_ISSUER: stagingIssuer, SMOKE_VERIFY_CHAIN: 'false' };
  const prodVariablesWithoutBundle = { ...stagingVariables, SMOKE_EXPECTED_ISSUER: prodIssuer, SMOKE_VERIFY_CHAIN: 'true' };
  const prodVariables = () => ({ ...prodVariablesWithoutBundle, SMOKE_CA_BUNDLE: prodAuthority.certificatePath });

  interface Scenario {
    readonly certificate?: IssuedCertificate;
    readonly minimumTlsVersion?: SecureVersion;
    readonly https?: Answer;
    readonly http?: (httpsPort: number) => Answer;
    readonly variables?: Readonly<Record<string, string>>;
  }

  interface SmokeRun extends ProgramResult {
    readonly httpsUrl: string;
    readonly httpUrl: string;
    readonly lines: readonly string[];
    /** The PASS and FAIL lines, in order. */
    readonly checkLines: readonly string[];
    readonly resultLine: string | undefined;
  }

  const smokeRun = (result: ProgramResult, httpsPort: number, httpPort: number): SmokeRun => {
    const lines = result.stdout.split('\n').filter((line) => line !== '');
    return {
      ...result,
      httpsUrl: `https://${fqdn}:${httpsPort}/`,
      httpUrl: `http://${fqdn}:${httpPort}/`,
      lines,
      checkLines: lines.filter((line) => /^(PASS|FAIL) /.test(line)),
      resultLine: lines.at(-1),
    };
  };

  /** Runs the script as the curl image would, against a local ingress set up as the scenario says (staging-like by default). */
  const runAgainstIngress = async (scenario: Scenario = {}): Promise<SmokeRun> => {
    const ingress = await LocalIngress.start({
      certificate: scenario.certificate ?? stagingCertificate,
      minimumTlsVersion: scenario.minimumTlsVersion ?? 'TLSv1.2',
      ciphers: tls12Ciphers.join(':'),
      https: scenario.https ?? xwikiThroughIngress,
      http: scenario.http ?? redirectToHttps,
    });
    try {
      const result = await image.runScript(script, {
        ...stagingVariables,
        SMOKE_CONNECT_ADDRESS: '127.0.0.1',
        SMOKE_HTTPS_PORT: String(ingress.httpsPort),
        SMOKE_HTTP_PORT: String(ingress.httpPort),
        ...scenario.variables,
      });
      return smokeRun(result, ingress.httpsPort, ingress.httpPort);
    } finally {
      await ingress.stop();
    }
  };

  // The server's protocol_version alert, in curl's and OpenSSL's words.
  const refusedLine = (version: string) =>
    new RegExp(`^PASS tls-${escaped(version)}-refused: the server refused a handshake limited to TLS ${escaped(version)}: .*alert protocol version \\(curl exit 35\\)$`);

  /** The line of each check when all is well, for a run against the default ingress. */
  const passingLines = (run: SmokeRun, issuer: string, issuerCommonName: string): Record<CheckName, string | RegExp> => ({
    https: `PASS https: GET ${run.httpsUrl} answered 302 (Location: /bin/view/Main/)`,
    'http-redirect': `PASS http-redirect: GET ${run.httpUrl} answered 308 to ${run.httpsUrl}`,
    hsts: `PASS hsts: Strict-Transport-Security: ${ingressHsts}`,
    'server-token': `PASS server-token: Server: nginx from ${run.httpsUrl}; Server: nginx from ${run.httpUrl}`,
    'tls-1.0-refused': refusedLine('1.0'),
    'tls-1.1-refused': refusedLine('1.1'),
    'certificate-issuer': `PASS certificate-issuer: issued by "C = US, O = ${issuer}, CN = ${issuerCommonName}": O is ${issuer}`,
  });
  const stagingPassingLines = (run: SmokeRun) => passingLines(run, stagingIssuer, '(STAGING) Smoke Test Ersatz E1');
  const prodPassingLines = (run: SmokeRun) => passingLines(run, prodIssuer, 'Smoke Test R11');

  /** Asserts every PASS/FAIL line (exact strings, or patterns where curl's own words vary), the RESULT line and the exit code. */
  const expectChecks = (run: SmokeRun, expected: Record<CheckName, string | RegExp>) => {
    const lines = checkNames.map((name) => expected[name]);
    // An introduction, one line per check, the RESULT line: nothing else.
    expect(run.lines).toHaveLength(checkNames.length + 2);
    expect(run.checkLines).toEqual(lines.map((line) => (typeof line === 'string' ? line : expect.stringMatching(line))));
    const failed = lines.filter((line) => (typeof line === 'string' ? line.startsWith('FAIL ') : line.source.startsWith('^FAIL '))).length;
    expect(run.resultLine).toBe(failed === 0 ? `RESULT xwiki-ingress: passed (${checkNames.length} checks)` : `RESULT xwiki-ingress: failed (${failed} of ${checkNames.length} checks)`);
    expect(run.status).toBe(failed === 0 ? 0 : 1);
    expect(run.stderr).toBe('');
    // The check reports never sum up as "N passed, N failed": only the RESULT line concludes.
    expect(run.stdout).not.toMatch(/\d+ passed, \d+ failed/);
  };

  describe('a healthy ingress', () => {
    it('passes every check in staging: the chain not verified, the staging issuer expected', async () => {
      const run = await runAgainstIngress();
      expect(run.lines[0]).toBe(`smoke xwiki-ingress: ${run.httpsUrl} and ${run.httpUrl} via 127.0.0.1, chain not verified`);
      expectChecks(run, stagingPassingLines(run));
    });

    it('passes every check in prod: the chain verified against SMOKE_CA_BUNDLE, the prod issuer expected', async () => {
      const run = await runAgainstIngress({ certificate: prodCertificate, variables: prodVariables() });
      expect(run.lines[0]).toBe(`smoke xwiki-ingress: ${run.httpsUrl} and ${run.httpUrl} via 127.0.0.1, chain verified against ${prodAuthority.certificatePath}`);
      expectChecks(run, prodPassingLines(run));
    });

    it('reads header names in any case and a quoted max-age in any case, as HTTP/2 and RFC 6797 allow', async () => {
      const hsts = `Max-Age="${hstsMaxAgeSeconds}"; includeSubDomains`;
      const run = await runAgainstIngress({ https: { status: 200, headers: { 'STRICT-TRANSPORT-SECURITY': hsts, server: 'nginx' } } });
      expectChecks(run, { ...stagingPassingLines(run), https: `PASS https: GET ${run.httpsUrl} answered 200`, hsts: `PASS hsts: Strict-Transport-Security: ${hsts}` });
    });

    it('takes no Server header at all as no version', async () => {
      const run = await runAgainstIngress({ https: { status: 302, headers: { Location: '/bin/view/Main/', 'Strict-Transport-Security': ingressHsts } }, http: (port) => ({ status: 308, headers: { Location: `https://${fqdn}:${port}/` } }) });
      expectChecks(run, { ...stagingPassingLines(run), 'server-token': `PASS server-token: no Server header from ${run.httpsUrl}; no Server header from ${run.httpUrl}` });
    });
  });

  describe('plain HTTP', () => {
    it('fails http-redirect when HTTP serves the page instead of redirecting', async () => {
      const run = await runAgainstIngress({ http: () => ({ status: 200, headers: { Server: 'nginx' } }) });
      expectChecks(run, {
        ...stagingPassingLines(run),
        'http-redirect': `FAIL http-redirect: GET ${run.httpUrl} answered 200, expected a redirect (301, 302, 307 or 308) to https://${fqdn}`,
      });
    });

    it('fails http-redirect when HTTP redirects to HTTP', async () => {
      const run = await runAgainstIngress({ http: () => ({ status: 301, headers: { Location: `http://${fqdn}/`, Server: 'nginx' } }) });
      expectChecks(run, {
        ...stagingPassingLines(run),
        'http-redirect': `FAIL http-redirect: GET ${run.httpUrl} answered 301 to http://${fqdn}/, expected a Location starting with https://${fqdn}`,
      });
    });

    it('fails http-redirect on a Location that only starts with the same characters (another host)', async () => {
      const run = await runAgainstIngress({ http: () => ({ status: 308, headers: { Location: `https://${fqdn}.example.net/`, Server: 'nginx' } }) });
      expectChecks(run, {
        ...stagingPassingLines(run),
        'http-redirect': `FAIL http-redirect: GET ${run.httpUrl} answered 308 to https://${fqdn}.example.net/, expected a Location starting with https://${fqdn}`,
      });
    });

    it('fails http-redirect on a redirect without a Location', async () => {
      const run = await runAgainstIngress({ http: () => ({ status: 308, headers: { Server: 'nginx' } }) });
      expectChecks(run, {
        ...stagingPassingLines(run),
        'http-redirect': `FAIL http-redirect: GET ${run.httpUrl} answered 308 to nowhere (no Location), expected a Location starting with https://${fqdn}`,
      });
    });
  });

  describe('headers', () => {
    it('fails hsts when the header is missing', async () => {
      const run = await runAgainstIngress({ https: { status: 302, headers: { Location: '/bin/view/Main/', Server: 'nginx' } } });
      expectChecks(run, {
        ...stagingPassingLines(run),
        hsts: `FAIL hsts: no Strict-Transport-Security header in the answer to GET ${run.httpsUrl}, expected max-age=${hstsMaxAgeSeconds}`,
      });
    });

    it('fails hsts on a shorter max-age and says what it found', async () => {
      const run = await runAgainstIngress({ https: { status: 302, headers: { Location: '/bin/view/Main/', 'Strict-Transport-Security': 'max-age=300; includeSubDomains', Server: 'nginx' } } });
      expectChecks(run, { ...stagingPassingLines(run), hsts: `FAIL hsts: Strict-Transport-Security: max-age=300; includeSubDomains, expected max-age=${hstsMaxAgeSeconds}` });
    });

    it('fails hsts on a header without max-age', async () => {
      const run = await runAgainstIngress({ https: { status: 302, headers: { Location: '/bin/view/Main/', 'Strict-Transport-Security': 'includeSubDomains', Server: 'nginx' } } });
      expectChecks(run, { ...stagingPassingLines(run), hsts: `FAIL hsts: Strict-Transport-Security: includeSubDomains has no max-age, expected max-age=${hstsMaxAgeSeconds}` });
    });

    it('fails server-token when the Server header carries the NGINX version', async () => {
      const run = await runAgainstIngress({
        https: { status: 302, headers: { Location: '/bin/view/Main/', 'Strict-Transport-Security': ingressHsts, Server: 'nginx/1.27.3' } },
        http: (port) => ({ status: 308, headers: { Location: `https://${fqdn}:${port}/`, Server: 'nginx/1.27.3' } }),
      });
      expectChecks(run, {
        ...stagingPassingLines(run),
        'server-token': `FAIL server-token: version disclosed: Server: nginx/1.27.3 from ${run.httpsUrl}; Server: nginx/1.27.3 from ${run.httpUrl}; expected none (server-tokens False)`,
      });
    });

    it('fails https on an error status', async () => {
      const run = await runAgainstIngress({ https: { status: 503, headers: { 'Strict-Transport-Security': ingressHsts, Server: 'nginx' } } });
      expectChecks(run, { ...stagingPassingLines(run), https: `FAIL https: GET ${run.httpsUrl} answered 503, expected 200 to 399` });
    });
  });

  describe('old TLS versions', () => {
    it('fails tls-1.1-refused against a server that accepts TLS 1.1 (the client really offers it)', async () => {
      const run = await runAgainstIngress({ minimumTlsVersion: 'TLSv1.1' });
      expectChecks(run, { ...stagingPassingLines(run), 'tls-1.1-refused': /^FAIL tls-1\.1-refused: the server accepted a handshake limited to TLS 1\.1 \(negotiated TLSv1\.1 \/ \S.*\)$/ });
    });

    it('fails both checks against a server that accepts TLS 1.0', async () => {
      const run = await runAgainstIngress({ minimumTlsVersion: 'TLSv1' });
      expectChecks(run, {
        ...stagingPassingLines(run),
        'tls-1.0-refused': /^FAIL tls-1\.0-refused: the server accepted a handshake limited to TLS 1\.0 \(negotiated TLSv1 \/ \S.*\)$/,
        'tls-1.1-refused': /^FAIL tls-1\.1-refused: the server accepted a handshake limited to TLS 1\.1 \(negotiated TLSv1\.1 \/ \S.*\)$/,
      });
    });

    it('needs the lowered security level: at OpenSSL 3 defaults curl gives up on a TLS 1.1 server itself, which would pass as a refusal', async () => {
      const ingress = await LocalIngress.start({ certificate: stagingCertificate, minimumTlsVersion: 'TLSv1.1', https: xwikiThroughIngress, http: redirectToHttps });
      try {
        const url = `https://${fqdn}:${ingress.httpsPort}/`;
        const probe = (extra: readonly string[]) =>
          image.runProgram('curl', ['-q', '--silent', '--verbose', '--insecure', '--tlsv1.1', '--tls-max', '1.1', ...extra, '--resolve', `${fqdn}:${ingress.httpsPort}:127.0.0.1`, '--output', '/dev/null', url], {});
        const atDefaults = await probe([]);
        expect(atDefaults.status).toBe(35);
        // The server did answer with its ServerHello: the handshake failed on the client's side.
        expect(atDefaults.stderr).toContain('TLSv1.1 (IN), TLS handshake, Server hello');
        const loweredLikeTheScript = await probe(['--ciphers', 'DEFAULT@SECLEVEL=0']);
        expect(loweredLikeTheScript.status).toBe(0);
      } finally {
        await ingress.stop();
      }
    });
  });

  describe('the certificate', () => {
    it('fails certificate-issuer when prod is expected and a staging certificate is served: the STAGING organization is not the prod one', async () => {
      const run = await runAgainstIngress({ variables: { SMOKE_EXPECTED_ISSUER: prodIssuer } });
      expectChecks(run, {
        ...stagingPassingLines(run),
        'certificate-issuer': `FAIL certificate-issuer: issued by "C = US, O = ${stagingIssuer}, CN = (STAGING) Smoke Test Ersatz E1": O is ${stagingIssuer}, expected ${prodIssuer}`,
      });
    });

    it('fails certificate-issuer when staging is expected and a prod certificate is served', async () => {
      const run = await runAgainstIngress({ certificate: prodCertificate });
      expectChecks(run, {
        ...prodPassingLines(run),
        'certificate-issuer': `FAIL certificate-issuer: issued by "C = US, O = ${prodIssuer}, CN = Smoke Test R11": O is ${prodIssuer}, expected ${stagingIssuer}`,
      });
    });

    it('with the chain verified, fails https and certificate-issuer on a certificate for another host name', async () => {
      const run = await runAgainstIngress({ certificate: otherHostCertificate, variables: prodVariables() });
      const rejected = `SSL: no alternative certificate subject name matches target host name '${fqdn}' (curl exit 60)`;
      expectChecks(run, {
        ...prodPassingLines(run),
        https: `FAIL https: GET ${run.httpsUrl} failed: ${rejected}`,
        hsts: 'FAIL hsts: no HTTPS answer to read Strict-Transport-Security from (see the https check)',
        // The plain HTTP answer still shows its Server header.
        'server-token': `PASS server-token: Server: nginx from ${run.httpUrl}`,
        'certificate-issuer': `FAIL certificate-issuer: no verified connection: ${rejected}; the server's certificate is issued by "C = US, O = ${prodIssuer}, CN = Smoke Test R11"`,
      });
    });

    it('with the chain verified, fails https and certificate-issuer on a chain the bundle does not trust, and names the served issuer', async () => {
      const run = await runAgainstIngress({ certificate: stagingCertificate, variables: prodVariables() });
      const rejected = /SSL certificate problem: [^()]+ \(curl exit 60\)/.source;
      expectChecks(run, {
        ...prodPassingLines(run),
        https: new RegExp(`^FAIL https: GET ${escaped(run.httpsUrl)} failed: ${rejected}$`),
        hsts: 'FAIL hsts: no HTTPS answer to read Strict-Transport-Security from (see the https check)',
        'server-token': `PASS server-token: Server: nginx from ${run.httpUrl}`,
        'certificate-issuer': new RegExp(`^FAIL certificate-issuer: no verified connection: ${rejected}; the server's certificate is issued by "${escaped(`C = US, O = ${stagingIssuer}, CN = (STAGING) Smoke Test Ersatz E1`)}"$`),
      });
    });

    it('with the chain verified against curl’s own bundle, fails on the test authority, which no system trusts', async () => {
      const run = await runAgainstIngress({ certificate: prodCertificate, variables: prodVariablesWithoutBundle });
      expect(run.lines[0]).toBe(`smoke xwiki-ingress: ${run.httpsUrl} and ${run.httpUrl} via 127.0.0.1, chain verified against curl's CA bundle`);
      expect(run.checkLines.filter((line) => line.startsWith('FAIL ')).map((line) => line.split(':')[0])).toEqual(['FAIL https', 'FAIL hsts', 'FAIL certificate-issuer']);
      expect(run.status).toBe(1);
    });
  });

  it('fails every check, passes none, when nothing listens', async () => {
    const [httpsPort, httpPort] = [await unusedPort(), await unusedPort()];
    const result = await image.runScript(script, { ...stagingVariables, SMOKE_CONNECT_ADDRESS: '127.0.0.1', SMOKE_HTTPS_PORT: String(httpsPort), SMOKE_HTTP_PORT: String(httpPort) });
    const run = smokeRun(result, httpsPort, httpPort);
    const refused = (port: number) => `Failed to connect to ${escaped(fqdn)} port ${port}\\b.*\\(curl exit 7\\)`;
    expectChecks(run, {
      https: new RegExp(`^FAIL https: GET ${escaped(run.httpsUrl)} failed: ${refused(httpsPort)}$`),
      'http-redirect': new RegExp(`^FAIL http-redirect: GET ${escaped(run.httpUrl)} failed: ${refused(httpPort)}$`),
      hsts: 'FAIL hsts: no HTTPS answer to read Strict-Transport-Security from (see the https check)',
      'server-token': 'FAIL server-token: no answer to read the Server header from (see the https and http-redirect checks)',
      'tls-1.0-refused': new RegExp(`^FAIL tls-1\\.0-refused: could not connect: ${refused(httpsPort)}; that proves nothing about TLS 1\\.0$`),
      'tls-1.1-refused': new RegExp(`^FAIL tls-1\\.1-refused: could not connect: ${refused(httpsPort)}; that proves nothing about TLS 1\\.1$`),
      'certificate-issuer': new RegExp(`^FAIL certificate-issuer: no certificate to read: ${refused(httpsPort)}$`),
    });
  });

  describe('configuration', () => {
    const runWith = (variables: Readonly<Record<string, string>>) => image.runScript(script, variables);

    it('reports every missing variable at once, checks nothing and exits 2', async () => {
      const result = await runWith({});
      expect(result.stderr.split('\n').filter(Boolean)).toEqual([
        'smoke xwiki-ingress: SMOKE_FQDN: missing or empty, expected a lowercase DNS name such as wiki.staging.open4goods.org',
        'smoke xwiki-ingress: SMOKE_HSTS_MAX_AGE: missing or empty, expected a positive whole number of seconds such as 31536000',
        `smoke xwiki-ingress: SMOKE_EXPECTED_ISSUER: missing or empty, expected the issuer's Organization, such as "Let's Encrypt" or "(STAGING) Let's Encrypt"`,
        'smoke xwiki-ingress: SMOKE_VERIFY_CHAIN: missing or empty, expected true (the chain must verify, prod) or false (issuer only, staging)',
      ]);
      expect(result.stdout).toBe('');
      expect(result.status).toBe(2);
    });

    it.each([
      [{ SMOKE_FQDN: 'Wiki.Smoke.Test' }, 'SMOKE_FQDN: "Wiki.Smoke.Test" is not a host name, expected a lowercase DNS name such as wiki.staging.open4goods.org'],
      [{ SMOKE_FQDN: 'https://wiki.smoke.test/' }, 'SMOKE_FQDN: "https://wiki.smoke.test/" is not a host name, expected a lowercase DNS name such as wiki.staging.open4goods.org'],
      [{ SMOKE_FQDN: 'wiki' }, 'SMOKE_FQDN: "wiki" is not a host name, expected a lowercase DNS name such as wiki.staging.open4goods.org'],
      [{ SMOKE_HSTS_MAX_AGE: '1y' }, 'SMOKE_HSTS_MAX_AGE: "1y" is not a positive whole number, expected a positive whole number of seconds such as 31536000'],
      [{ SMOKE_HSTS_MAX_AGE: '0' }, 'SMOKE_HSTS_MAX_AGE: "0" is not a positive whole number, expected a positive whole number of seconds such as 31536000'],
      [{ SMOKE_VERIFY_CHAIN: 'yes' }, 'SMOKE_VERIFY_CHAIN: "yes" is neither true nor false, expected true (the chain must verify, prod) or false (issuer only, staging)'],
      [{ SMOKE_CONNECT_ADDRESS: 'ingress.local' }, 'SMOKE_CONNECT_ADDRESS: "ingress.local" is not an IP address, expected an IPv4 or IPv6 address such as 203.0.113.7, or unset to resolve SMOKE_FQDN'],
      [{ SMOKE_CONNECT_ADDRESS: '127.0.0.256' }, 'SMOKE_CONNECT_ADDRESS: "127.0.0.256" is not an IP address, expected an IPv4 or IPv6 address such as 203.0.113.7, or unset to resolve SMOKE_FQDN'],
      [{ SMOKE_HTTPS_PORT: '65536' }, 'SMOKE_HTTPS_PORT: "65536" is not a TCP port, expected a port number from 1 to 65535, default 443'],
      [{ SMOKE_HTTP_PORT: 'eighty' }, 'SMOKE_HTTP_PORT: "eighty" is not a TCP port, expected a port number from 1 to 65535, default 80'],
      [{ SMOKE_CA_BUNDLE: '/etc/hostname' }, 'SMOKE_CA_BUNDLE: set while SMOKE_VERIFY_CHAIN is not true (nothing would be verified with it), expected unset, or SMOKE_VERIFY_CHAIN=true'],
      [{ SMOKE_VERIFY_CHAIN: 'true', SMOKE_CA_BUNDLE: '/nonexistent/ca.pem' }, 'SMOKE_CA_BUNDLE: "/nonexistent/ca.pem" is not a readable file, expected the path of a PEM file of CA certificates'],
      [{ SMOKE_TIMEOUT_SECONDS: '10s' }, 'SMOKE_TIMEOUT_SECONDS: "10s" is not a positive whole number, expected a positive whole number of seconds such as 10, default 10'],
    ])('rejects %o naming the variable, checks nothing and exits 2', async (override, message) => {
      const result = await runWith({ ...stagingVariables, ...override });
      expect(result.stderr).toBe(`smoke xwiki-ingress: ${message}\n`);
      expect(result.stdout).toBe('');
      expect(result.status).toBe(2);
    });
  });
});

function escaped(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
