import { describe, expect, it } from 'vitest';
import { locked, open } from './decision.ts';
import { defaultSettings } from './defaults.ts';
import { defineEnvironment } from './load.ts';
import { fixtureFile, problemsOf } from './testing.ts';
import { EnvironmentValidationError } from './validation.ts';

const validS3 = defaultSettings.decisions.s3.value;
const accepts = (overrides: unknown) => defineEnvironment('fixture', fixtureFile, overrides);

describe('unknown keys', () => {
  it('refuses a misspelt key, naming the file, the key path and the nearest known key', () => {
    let caught: unknown;
    try {
      accepts({ mysql: { storgeSize: '100Gi' } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentValidationError);
    expect((caught as Error).message).toBe(
      [
        `${fixtureFile}: invalid environment (1 problem)`,
        '  mysql.storgeSize: expected one of the settings of mysql (storageSize, resources, innodbBufferPoolSize, maxConnections, database, user): did you mean "storageSize"?, got "100Gi"',
      ].join('\n'),
    );
  });

  it.each([
    [{ clustr: { nodeCount: 3 } }, 'clustr', 'cluster'],
    [{ mysql: { resources: { limits: { CPU: '2' } } } }, 'mysql.resources.limits.CPU', 'cpu'],
    [{ observability: { prometheus: { retension: '30d' } } }, 'observability.prometheus.retension', 'retention'],
    [{ decisions: { s3: locked({ ...validS3, bukcet: 'b' }) } }, 'decisions.s3.value.bukcet', 'bucket'],
    [{ decisions: { s3: locked({ ...validS3, encryption: { mode: 'SSE-KMS', kmsKeyID: 'k', kmsKeyId: 'k' } }) } }, 'decisions.s3.value.encryption.kmsKeyID', 'kmsKeyId'],
    [{ secrets: { kind: 'vault', clusterSecretStore: 'vault', pathPrefx: 'kubernetes/x', pathPrefix: 'kubernetes/x' } }, 'secrets.pathPrefx', 'pathPrefix'],
    [{ decisions: { fqdn: { status: 'open', value: { xwiki: 'wiki.open4goods.org' }, question: 'Which?', questoin: 'Which?' } } }, 'decisions.fqdn.questoin', 'question'],
  ])('refuses %j at %s and suggests %s', (overrides, field, nearest) => {
    const problems = problemsOf(overrides);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.field).toBe(field);
    expect(problems[0]!.expected).toMatch(new RegExp(`: did you mean "${nearest}"\\?$`));
  });

  it('gives each variant its own keys: what another variant has is refused', () => {
    expect(problemsOf({ secrets: { kind: 'sops', pathPrefix: 'kubernetes/x' } })).toEqual([
      { field: 'secrets.pathPrefix', expected: 'one of the settings of secrets with kind "sops" (kind): remove it, or use kind "vault", which has it', actual: 'kubernetes/x' },
    ]);
    expect(problemsOf({ decisions: { s3: locked({ ...validS3, encryption: { mode: 'SSE-S3', kmsKeyId: 'k' } }) } })).toEqual([
      { field: 'decisions.s3.value.encryption.kmsKeyId', expected: 'one of the settings of decisions.s3.value.encryption with mode "SSE-S3" (mode): remove it, or use mode "SSE-KMS", which has it', actual: 'k' },
    ]);
    expect(problemsOf({ observability: { alertReceiver: { kind: 'webhook', to: 'ops@open4goods.org' } } })).toEqual([
      { field: 'observability.alertReceiver.to', expected: 'one of the settings of observability.alertReceiver with kind "webhook" (kind): remove it, or use kind "email", which has it', actual: 'ops@open4goods.org' },
    ]);
    expect(problemsOf({ decisions: { mysqlVersion: { status: 'locked', value: '8.4', question: 'Which?' } } })).toEqual([
      {
        field: 'decisions.mysqlVersion.question',
        expected: 'one of the settings of decisions.mysqlVersion with status "locked" (status, value): remove it, or use status "open", which has it',
        actual: 'Which?',
      },
    ]);
  });

  it('accepts every key of each variant, and the optional keys the defaults leave unset', () => {
    const environment = accepts({
      secrets: { kind: 'sops' },
      decisions: { s3: open({ ...validS3, encryption: { mode: 'SSE-KMS', kmsKeyId: 'key-1' } }, 'Which key?') },
      observability: { alertReceiver: { kind: 'email', to: 'ops@open4goods.org', from: 'alerts@open4goods.org', smarthost: 'smtp.open4goods.org:587', username: 'alerts' } },
      mysql: { resources: { limits: { cpu: '2' } } },
      backups: { restoreTestSource: 'prod' },
      cluster: { apiServer: 'https://203.0.113.10:6443' },
    });
    expect(environment.secrets).toEqual({ kind: 'sops' });
    expect(environment.cluster.apiServer).toBe('https://203.0.113.10:6443');
  });

  it('lists the known keys without a suggestion when nothing is close', () => {
    expect(problemsOf({ mysql: { replicationFactor: 3 } })).toEqual([
      {
        field: 'mysql.replicationFactor',
        expected: 'one of the settings of mysql (storageSize, resources, innodbBufferPoolSize, maxConnections, database, user): remove it',
        actual: 3,
      },
    ]);
  });

  it('refuses a key that names an inherited property, not only a misspelling', () => {
    expect(problemsOf({ mysql: { toString: 'x' } }).map((problem) => problem.field)).toEqual(['mysql.toString']);
  });
});

// Every setting that is a Kubernetes quantity, found in the defaults tree.
const quantityPaths = [
  'mysql.storageSize',
  'mysql.innodbBufferPoolSize',
  'mysql.resources.requests.memory',
  'mysql.resources.requests.cpu',
  'mysql.resources.limits.memory',
  'xwiki.storageSize',
  'xwiki.resources.requests.cpu',
  'xwiki.resources.requests.memory',
  'xwiki.resources.limits.memory',
  'backups.scratchSize',
  'observability.prometheus.storageSize',
  'observability.prometheus.resources.requests.cpu',
  'observability.prometheus.resources.requests.memory',
  'observability.prometheus.resources.limits.memory',
  'observability.alertmanager.storageSize',
  'observability.logs.storageSize',
];

function overrideAt(path: string, value: unknown): unknown {
  return path.split('.').reduceRight<unknown>((inner, key) => ({ [key]: inner }), value);
}

describe('quantities', () => {
  const zeroOrNegative = (path: string) => (path.endsWith('.cpu') ? ['0', '0m', '-1', '-500m'] : ['0', '0Gi', '-1Gi', '-512Mi']);
  it.each(quantityPaths.flatMap((path) => zeroOrNegative(path).map((value) => [path, value] as const)))('refuses %s: %j', (path, value) => {
    expect(problemsOf(overrideAt(path, value))).toContainEqual({
      field: path,
      expected: path.endsWith('.cpu') ? 'a CPU quantity above zero such as "250m" or "1"' : 'a quantity above zero such as "512Mi" or "50Gi"',
      actual: value,
    });
  });

  it('refuses a CPU limit below its request, saying how to fix it', () => {
    expect(problemsOf({ xwiki: { resources: { requests: { cpu: '1500m' }, limits: { cpu: '1' } } } })).toEqual([
      {
        field: 'xwiki.resources.requests.cpu',
        expected: 'at most xwiki.resources.limits.cpu (1): Kubernetes refuses a request above its limit; lower the request or raise the limit',
        actual: '1500m',
      },
    ]);
    expect(accepts({ xwiki: { resources: { requests: { cpu: '1' }, limits: { cpu: '1000m' } } } }).xwiki.resources.limits.cpu).toBe('1000m');
  });
});

describe('MySQL names', () => {
  it.each(['root'])('refuses the application user %j', (user) => {
    expect(problemsOf({ mysql: { user } })).toEqual([
      {
        field: 'mysql.user',
        expected: 'a MySQL user name other than "root" (the administrator the mysql image creates (it refuses MYSQL_USER=root)), such as "xwiki"',
        actual: user,
      },
    ]);
  });

  it('refuses a user name longer than MySQL 8.4 allows (32 characters), and accepts 32', () => {
    expect(problemsOf({ mysql: { user: 'u'.repeat(33) } })).toEqual([
      { field: 'mysql.user', expected: "a MySQL user name of at most 32 characters (MySQL's limit)", actual: 'u'.repeat(33) },
    ]);
    expect(accepts({ mysql: { user: 'u'.repeat(32) } }).mysql.user).toHaveLength(32);
  });

  it.each(['mysql.sys', 'mysql.session', 'mysql.infoschema', ''])('refuses the reserved or malformed user %j', (user) => {
    expect(problemsOf({ mysql: { user } }).map((problem) => problem.field)).toEqual(['mysql.user']);
  });

  it.each(['mysql', 'information_schema', 'performance_schema', 'sys'])('refuses the database %j, a schema of MySQL itself', (database) => {
    expect(problemsOf({ mysql: { database } })).toEqual([
      {
        field: 'mysql.database',
        expected: 'a MySQL database name other than "information_schema", "performance_schema", "mysql", "sys" (a schema of MySQL itself), such as "xwiki"',
        actual: database,
      },
    ]);
  });

  it('refuses a database name longer than 64 characters, and accepts 64', () => {
    expect(problemsOf({ mysql: { database: 'd'.repeat(65) } })).toEqual([
      { field: 'mysql.database', expected: "a MySQL database name of at most 64 characters (MySQL's limit)", actual: 'd'.repeat(65) },
    ]);
    expect(accepts({ mysql: { database: 'd'.repeat(64) } }).mysql.database).toHaveLength(64);
  });
});

describe('the wiki host name and the DNS zone', () => {
  it.each(['wiki.example.org', 'wiki.open4goods.org.example.org', 'wikiopen4goods.org', 'notopen4goods.org'])('refuses %j outside the zone open4goods.org', (xwiki) => {
    expect(problemsOf({ decisions: { fqdn: locked({ xwiki }) } })).toEqual([
      {
        field: 'decisions.fqdn.value.xwiki',
        expected: 'a host name in the DNS zone dns.zone ("open4goods.org"), such as "wiki.open4goods.org": external-dns writes records only there; or change dns.zone',
        actual: xwiki,
      },
    ]);
  });

  it('accepts a host in the zone, at any depth, the apex, and a host that moved with its zone', () => {
    expect(accepts({ decisions: { fqdn: locked({ xwiki: 'a.b.open4goods.org' }) } }).decisions.fqdn.value.xwiki).toBe('a.b.open4goods.org');
    expect(accepts({ decisions: { fqdn: locked({ xwiki: 'open4goods.org' }) } }).decisions.fqdn.value.xwiki).toBe('open4goods.org');
    expect(accepts({ dns: { zone: 'example.org' }, decisions: { fqdn: locked({ xwiki: 'wiki.example.org' }) } }).dns.zone).toBe('example.org');
  });
});

describe('S3 bucket names', () => {
  it.each([
    ['ab', '3 to 63 characters (this one has 2)'],
    ['b'.repeat(64), '3 to 63 characters (this one has 64)'],
    ['Backups', 'only lower-case letters, digits, dots and hyphens'],
    ['my_backups', 'only lower-case letters, digits, dots and hyphens'],
    ['-backups', 'it begins and ends with a letter or a digit'],
    ['backups.', 'it begins and ends with a letter or a digit'],
    ['my..backups', 'no two adjacent dots'],
    ['192.168.5.4', 'not formatted as an IP address'],
    ['xn--backups', 'not starting with "xn--" (reserved)'],
    ['sthree-backups', 'not starting with "sthree-" (reserved)'],
    ['backups-s3alias', 'not ending with "-s3alias" (reserved for access point aliases)'],
    ['backups--ol-s3', 'not ending with "--ol-s3" (reserved for Object Lambda access point aliases)'],
    ['backups.mrap', 'not ending with ".mrap" (reserved for Multi-Region Access Points)'],
  ])('refuses %j: %s', (bucket, rule) => {
    expect(problemsOf({ decisions: { s3: locked({ ...validS3, bucket }) } })).toEqual([
      { field: 'decisions.s3.value.bucket', expected: `an S3 bucket name (${rule}), such as "open4goods-backups"`, actual: bucket },
    ]);
  });

  it.each(['abc', 'b'.repeat(63), 'open4goods.backups', '1-backups-2'])('accepts %j', (bucket) => {
    expect(accepts({ decisions: { s3: locked({ ...validS3, bucket }) } }).decisions.s3.value.bucket).toBe(bucket);
  });
});

describe('CIDRs', () => {
  it.each([
    ['10.0.0.1/8', 'host bits are set: did you mean "10.0.0.0/8"?'],
    ['192.168.1.10/24', 'host bits are set: did you mean "192.168.1.0/24"?'],
    ['fd00::1/8', 'host bits are set: did you mean "fd00::/8"?'],
    ['2001:db8:0:0:1::/48', 'host bits are set: did you mean "2001:db8::/48"?'],
    ['010.0.0.0/8', '"010.0.0.0" is not an IPv4 or IPv6 address'],
    ['1:2:3:4:5:6:7:8:9/64', '"1:2:3:4:5:6:7:8:9" is not an IPv4 or IPv6 address'],
    ['fd00:::/8', '"fd00:::" is not an IPv4 or IPv6 address'],
    ['10.0.0.0/08', 'an address, "/" and a prefix length'],
  ])('refuses %j: %s', (cidr, why) => {
    expect(problemsOf({ network: { kubernetesApi: { cidrs: [cidr] } } })).toEqual([
      { field: 'network.kubernetesApi.cidrs.0', expected: `a CIDR such as "10.0.0.0/8" or "fd00::/8": ${why}`, actual: cidr },
    ]);
  });

  it.each(['0.0.0.0/0', '10.0.0.0/8', '192.168.1.10/32', 'fd00::/8', '::/0', '2001:db8::1/128', '::ffff:10.0.0.0/104'])('accepts %j', (cidr) => {
    expect(accepts({ network: { kubernetesApi: { cidrs: [cidr] } } }).network.kubernetesApi.cidrs).toEqual([cidr]);
  });
});

describe('e-mail addresses', () => {
  it.each(['ops@open4goods.org, dev@open4goods.org', 'Ops <ops@open4goods.org>', 'ops@open4goods.org ', 'ops..x@open4goods.org', 'ops@open4goods..org', 'ops@-open4goods.org', `${'o'.repeat(65)}@open4goods.org`])(
    'refuses %j',
    (email) => {
      expect(problemsOf({ acme: { email } })).toEqual([
        { field: 'acme.email', expected: 'an e-mail address such as "ops@example.org" (one address, no display name)', actual: email },
      ]);
    },
  );

  it.each(['first.last+alerts@open4goods.org', 'OPS@Open4Goods.org', "o'brien@example.co.uk"])('accepts %j', (email) => {
    expect(accepts({ acme: { email } }).acme.email).toBe(email);
  });

  it('checks the alert receiver addresses the same way', () => {
    const receiver = { kind: 'email', to: 'Ops <ops@open4goods.org>', from: 'alerts@open4goods.org', smarthost: 'smtp.open4goods.org:587', username: 'alerts' };
    expect(problemsOf({ observability: { alertReceiver: receiver } }).map((problem) => problem.field)).toEqual(['observability.alertReceiver.to']);
  });
});

describe('the cluster API server', () => {
  it.each(['http://203.0.113.10:6443', 'https://203.0.113.10:6443/', 'https://api.example.org/k8s', '203.0.113.10:6443'])('refuses %j', (apiServer) => {
    expect(problemsOf({ cluster: { apiServer } })).toEqual([
      { field: 'cluster.apiServer', expected: 'the API server URL of the cluster\'s kubeconfig entry, such as "https://203.0.113.10:6443", or no value', actual: apiServer },
    ]);
  });
});
