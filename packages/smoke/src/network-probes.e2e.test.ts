import { freePort } from '@open4goods/backups/testing';
import { BusyboxImagePath, type ProgramResult, externalToolAvailable } from '@open4goods/kit/testing';
import { type Server, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { networkProbeCommand } from './network-probes.ts';
import { smokeScriptFiles } from './scripts.ts';
import { LoopbackDnsResponder, SilentUdpPort, closedUdpPort } from './testing/dns-server.ts';

const script = fileURLToPath(new URL(`../scripts/${smokeScriptFiles.networkProbes}`, import.meta.url));

// What the script uses of the busybox image: its shell, nc, nslookup, and true (nc -e runs it).
const busyboxImageApplets = ['sh', 'nc', 'nslookup', 'true'] as const;

const toolsAvailable = externalToolAvailable('busybox', ['--help'], 'the network probe end-to-end tests (busybox sh, nc and nslookup, as in the busybox image)');

const defaultQueryName = 'kubernetes.default.svc.cluster.local';
const lines = (output: string) => output.trimEnd().split('\n');
// Debian's busybox nc says why a connection failed; the busybox image's (nc 1.10 compatible) says nothing without -v.
const refusedEvidence = String.raw`(can't connect to remote host \(127\.0\.0\.1\): Connection refused|no connection within 1s)`;
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A line whose nc evidence of a refused connection depends on the busybox build. */
const lineWithRefusal = (before: string, after: string) => expect.stringMatching(new RegExp(`^${escape(before)}${refusedEvidence}${escape(after)}$`));

/** A TCP server on loopback standing for a workload the probes connect to. */
class LoopbackListener {
  private constructor(
    private readonly server: Server,
    readonly port: number,
  ) {}

  private firstConnection: Promise<void> | undefined;

  static async start(): Promise<LoopbackListener> {
    // nc closes as soon as it is connected: a reset on the way is no error of the test's.
    const server = createServer((socket) => socket.on('error', () => {}));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const listener = new LoopbackListener(server, (server.address() as { port: number }).port);
    listener.firstConnection = new Promise((resolve) => server.once('connection', () => resolve()));
    return listener;
  }

  /** Resolves once a client has connected (no timeout of its own: the test's applies). */
  connected(): Promise<void> {
    return this.firstConnection!;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

describe.runIf(toolsAvailable)('network-probes smoke: TCP and DNS probes with busybox nc and nslookup against loopback listeners', { timeout: 60_000 }, () => {
  let image: BusyboxImagePath;
  let listener: LoopbackListener;
  let closedTcpPort: number;
  let resolver: LoopbackDnsResponder;
  let silentResolver: SilentUdpPort;
  let closedResolverPort: number;

  /** Runs the probes as the Job does, with a 1 s timeout so that blocked probes cost little. */
  const probe = (probes: string, variables: Record<string, string> = {}): Promise<ProgramResult> =>
    image.runScript(script, { SMOKE_PROBES: probes, SMOKE_PROBE_TIMEOUT_SECONDS: '1', ...variables });

  beforeAll(async () => {
    image = BusyboxImagePath.create(busyboxImageApplets, []);
    [listener, resolver, silentResolver, closedTcpPort, closedResolverPort] = await Promise.all([
      LoopbackListener.start(),
      LoopbackDnsResponder.start('10.0.0.1'),
      SilentUdpPort.start(),
      freePort(),
      closedUdpPort(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([listener?.stop(), resolver?.stop(), silentResolver?.stop()]);
    image?.remove();
  });

  it('runs the same from the command the Job renders (the script inline, through sh -c)', async () => {
    const [shell, ...args] = networkProbeCommand();
    const result = await image.runProgram(shell!, args, { SMOKE_PROBES: `allow tcp 127.0.0.1 ${listener.port} xwiki-to-mysql\ndeny tcp 127.0.0.1 ${closedTcpPort} any-pod-to-xwiki`, SMOKE_PROBE_TIMEOUT_SECONDS: '1' });
    expect(result.status, result.stderr).toBe(0);
    expect(lines(result.stdout)).toEqual([
      `PASS xwiki-to-mysql: allow tcp 127.0.0.1:${listener.port} reachable`,
      lineWithRefusal(`PASS any-pod-to-xwiki: deny tcp 127.0.0.1:${closedTcpPort} blocked (`, ')'),
      'RESULT network-probes: passed (2 checks)',
    ]);
  });

  it('passes an allowed TCP flow that connects', async () => {
    const result = await probe(`allow tcp 127.0.0.1 ${listener.port} xwiki-to-mysql`);

    expect(lines(result.stdout)).toEqual([`PASS xwiki-to-mysql: allow tcp 127.0.0.1:${listener.port} reachable`, 'RESULT network-probes: passed (1 checks)']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    await listener.connected();
  });

  it('fails an allowed TCP flow that is refused', async () => {
    const result = await probe(`allow tcp 127.0.0.1 ${closedTcpPort} xwiki-to-mysql`);

    expect(lines(result.stdout)).toEqual([
      lineWithRefusal(`FAIL xwiki-to-mysql: allow tcp 127.0.0.1:${closedTcpPort} not reachable (`, '), the NetworkPolicies (or the target) stop it'),
      'RESULT network-probes: failed (1 of 1 checks)',
    ]);
    expect(result.status).toBe(1);
  });

  it('passes a denied TCP flow that is refused', async () => {
    const result = await probe(`deny tcp 127.0.0.1 ${closedTcpPort} ingress-controller-to-mysql`);

    expect(lines(result.stdout)).toEqual([
      lineWithRefusal(`PASS ingress-controller-to-mysql: deny tcp 127.0.0.1:${closedTcpPort} blocked (`, ')'),
      'RESULT network-probes: passed (1 checks)',
    ]);
    expect(result.status).toBe(0);
  });

  it('fails a denied TCP flow that connects: the policy is not effective', async () => {
    const result = await probe(`deny tcp 127.0.0.1 ${listener.port} ingress-controller-to-mysql`);

    expect(lines(result.stdout)).toEqual([
      `FAIL ingress-controller-to-mysql: deny tcp 127.0.0.1:${listener.port} reachable, the NetworkPolicies let it through`,
      'RESULT network-probes: failed (1 of 1 checks)',
    ]);
    expect(result.status).toBe(1);
  });

  it('fails a denied TCP flow to a name that does not resolve: it proves nothing', async () => {
    const result = await probe('deny tcp no-such-host.invalid 3306 ingress-controller-to-mysql');

    expect(lines(result.stdout)).toEqual([
      expect.stringMatching(/^FAIL ingress-controller-to-mysql: deny tcp no-such-host\.invalid:3306 inconclusive: cannot resolve no-such-host\.invalid \(.*bad address 'no-such-host\.invalid'\)$/),
      'RESULT network-probes: failed (1 of 1 checks)',
    ]);
    expect(result.status).toBe(1);
  });

  it('passes an allowed DNS flow the resolver answers, asking an A record of the query name', async () => {
    const asked = resolver.questions.length;

    const result = await probe(`allow dns 127.0.0.1 ${resolver.port} xwiki-to-dns`);

    expect(lines(result.stdout)).toEqual([
      `PASS xwiki-to-dns: allow dns 127.0.0.1:${resolver.port} reachable (answered ${defaultQueryName} = 10.0.0.1)`,
      'RESULT network-probes: passed (1 checks)',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(resolver.questions.slice(asked)).toEqual([{ name: defaultQueryName, type: 1, class: 1 }]);
  });

  it('asks for SMOKE_DNS_QUERY_NAME when it is set', async () => {
    const asked = resolver.questions.length;

    const result = await probe(`allow dns 127.0.0.1 ${resolver.port} xwiki-to-dns`, { SMOKE_DNS_QUERY_NAME: 'mysql.open4goods-e2e.svc.cluster.local' });

    expect(lines(result.stdout)[0]).toBe(`PASS xwiki-to-dns: allow dns 127.0.0.1:${resolver.port} reachable (answered mysql.open4goods-e2e.svc.cluster.local = 10.0.0.1)`);
    expect(result.status).toBe(0);
    expect(resolver.questions.slice(asked)).toEqual([{ name: 'mysql.open4goods-e2e.svc.cluster.local', type: 1, class: 1 }]);
  });

  it('fails an allowed DNS flow nothing answers', async () => {
    const result = await probe(`allow dns 127.0.0.1 ${silentResolver.port} xwiki-to-dns`);

    expect(lines(result.stdout)).toEqual([
      `FAIL xwiki-to-dns: allow dns 127.0.0.1:${silentResolver.port} not reachable (no answer within 1s), the NetworkPolicies (or the target) stop it`,
      'RESULT network-probes: failed (1 of 1 checks)',
    ]);
    expect(result.status).toBe(1);
  });

  it('passes a denied DNS flow nothing answers', async () => {
    const result = await probe(`deny dns 127.0.0.1 ${closedResolverPort} mysql-to-dns`);

    expect(lines(result.stdout)).toEqual([`PASS mysql-to-dns: deny dns 127.0.0.1:${closedResolverPort} blocked (no answer within 1s)`, 'RESULT network-probes: passed (1 checks)']);
    expect(result.status).toBe(0);
  });

  it('runs several probes in one pod, in order, and counts the failed ones', async () => {
    const probes = [
      `allow tcp 127.0.0.1 ${listener.port} xwiki-to-mysql`,
      '',
      `deny tcp 127.0.0.1 ${closedTcpPort} ingress-controller-to-mysql`,
      `  deny   tcp 127.0.0.1 ${listener.port} monitoring-to-mysql  `,
      `allow dns 127.0.0.1 ${resolver.port} xwiki-to-dns`,
      `deny dns 127.0.0.1 ${resolver.port} mysql.to.dns`,
      `allow tcp 127.0.0.1 ${closedTcpPort} xwiki-to-smtp`,
      '',
    ].join('\n');

    const result = await probe(probes);

    expect(lines(result.stdout)).toEqual([
      `PASS xwiki-to-mysql: allow tcp 127.0.0.1:${listener.port} reachable`,
      lineWithRefusal(`PASS ingress-controller-to-mysql: deny tcp 127.0.0.1:${closedTcpPort} blocked (`, ')'),
      `FAIL monitoring-to-mysql: deny tcp 127.0.0.1:${listener.port} reachable, the NetworkPolicies let it through`,
      `PASS xwiki-to-dns: allow dns 127.0.0.1:${resolver.port} reachable (answered ${defaultQueryName} = 10.0.0.1)`,
      `FAIL mysql.to.dns: deny dns 127.0.0.1:${resolver.port} reachable (answered ${defaultQueryName} = 10.0.0.1), the NetworkPolicies let it through`,
      lineWithRefusal(`FAIL xwiki-to-smtp: allow tcp 127.0.0.1:${closedTcpPort} not reachable (`, '), the NetworkPolicies (or the target) stop it'),
      'RESULT network-probes: failed (3 of 6 checks)',
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(1);
  });

  it('exits 0 when every probe of a run passes', async () => {
    const probes = [
      `allow tcp 127.0.0.1 ${listener.port} xwiki-to-mysql`,
      `deny tcp 127.0.0.1 ${closedTcpPort} ingress-controller-to-mysql`,
      `allow dns 127.0.0.1 ${resolver.port} xwiki-to-dns`,
    ].join('\n');

    const result = await probe(probes);

    expect(lines(result.stdout)).toHaveLength(4);
    expect(lines(result.stdout).slice(0, 3).every((line) => line.startsWith('PASS '))).toBe(true);
    expect(lines(result.stdout)[3]).toBe('RESULT network-probes: passed (3 checks)');
    expect(result.status).toBe(0);
  });

  const validLine = 'allow tcp 127.0.0.1 3306 xwiki-to-mysql';
  it.each([
    ['permit tcp 127.0.0.1 3306 xwiki-to-mysql', 'unknown expectation "permit" (allow or deny)'],
    ['allow udp 127.0.0.1 53 xwiki-to-dns', 'unknown kind "udp" (tcp or dns)'],
    ['allow tcp 127.0.0.1 mysql xwiki-to-mysql', 'the port "mysql" is not a number from 1 to 65535'],
    ['allow tcp 127.0.0.1 0 xwiki-to-mysql', 'the port "0" is not a number from 1 to 65535'],
    ['allow tcp 127.0.0.1 65536 xwiki-to-mysql', 'the port "65536" is not a number from 1 to 65535'],
    ['allow tcp 127.0.0.1 3306', '4 of the 5 fields'],
    ['allow tcp 127.0.0.1 3306 xwiki-to-mysql extra', '6 fields, more than the 5'],
    ['allow tcp 127.0.0.1 3306 Xwiki_To_MySQL', 'the name "Xwiki_To_MySQL" is not a probe id (lowercase letters, digits, inner "-" and ".")'],
    ['allow tcp 127.0.0.1 3306 xwiki-to-mysql-', 'the name "xwiki-to-mysql-" is not a probe id'],
    ['allow tcp -e 3306 xwiki-to-mysql', 'the target "-e" is not a host name or an IP address'],
    ['allow tcp - 3306 xwiki-to-mysql', 'the target "-" is not a host name or an IP address'],
    ['allow dns 10.0.0.1;id 53 xwiki-to-dns', 'the resolver "10.0.0.1;id" is not a host name, an IP address or "-" (the pod\'s)'],
  ])('refuses the malformed line %j before probing anything (exit 2, naming the line)', async (malformed, problem) => {
    const result = await probe(`${validLine}\n${malformed}`);

    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      new RegExp(`^${escape(`smoke network-probes: SMOKE_PROBES: line 2 "${malformed}": ${problem}`)}.*${escape(', expected lines "<allow|deny> <tcp|dns> <target> <port> <name>"')}\n$`),
    );
    expect(result.status).toBe(2);
  });

  it('refuses two probes of the same name', async () => {
    const result = await probe(`${validLine}\ndeny tcp 127.0.0.1 3307 xwiki-to-mysql`);

    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('SMOKE_PROBES: line 2 "deny tcp 127.0.0.1 3307 xwiki-to-mysql": the name "xwiki-to-mysql" is used by an earlier line, expected lines');
    expect(result.status).toBe(2);
  });

  it('accepts "-" as the resolver of a dns probe (the pod\'s own, from /etc/resolv.conf)', async () => {
    // Only the syntax: which resolver /etc/resolv.conf names here is not the test's to decide.
    const result = await probe('allow dns - 53 xwiki-to-dns\nallow tcp 127.0.0.1 65536 bad-port');

    expect(result.stderr).toContain('SMOKE_PROBES: line 2 ');
    expect(result.status).toBe(2);
  });

  it.each([[''], ['\n  \n']])('refuses SMOKE_PROBES=%j: no probe at all (exit 2)', async (probes) => {
    const result = await probe(probes);

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('smoke network-probes: SMOKE_PROBES: missing or empty (no probe), expected lines "<allow|deny> <tcp|dns> <target> <port> <name>"\n');
    expect(result.status).toBe(2);
  });

  it.each([
    ['SMOKE_PROBE_TIMEOUT_SECONDS', '0', '"0" is not a whole number of seconds of at least 1, expected an integer such as 3'],
    ['SMOKE_PROBE_TIMEOUT_SECONDS', '1.5', '"1.5" is not a whole number of seconds of at least 1, expected an integer such as 3'],
    ['SMOKE_PROBE_TIMEOUT_SECONDS', 'three', '"three" is not a whole number of seconds of at least 1, expected an integer such as 3'],
    ['SMOKE_DNS_QUERY_NAME', '-debug', '"-debug" is not a DNS name, expected a name such as kubernetes.default.svc.cluster.local'],
    ['SMOKE_DNS_QUERY_NAME', 'two words', '"two words" is not a DNS name, expected a name such as kubernetes.default.svc.cluster.local'],
  ])('refuses %s=%j (exit 2, naming the variable)', async (variable, value, problem) => {
    const result = await probe(validLine, { [variable]: value });

    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`smoke network-probes: ${variable}: ${problem}\n`);
    expect(result.status).toBe(2);
  });
});
