import { describe, expect, it } from 'vitest';
import { locked, open } from './decision.ts';
import { defaultSettings } from './defaults.ts';
import { defineEnvironment } from './load.ts';
import { EnvironmentValidationError, validateEnvironment, type EnvironmentProblem } from './validation.ts';

const fixtureFile = 'packages/environments/src/fixture.ts';
const validS3 = defaultSettings.decisions.s3.value;

/** Defines a fixture environment that must be invalid, and returns the error it raised. */
function validationErrorOf(overrides: unknown, name = 'fixture'): EnvironmentValidationError {
  try {
    defineEnvironment(name, fixtureFile, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentValidationError);
    return error as EnvironmentValidationError;
  }
  throw new Error('expected the environment to be refused');
}

function onlyProblemOf(overrides: unknown): EnvironmentProblem {
  const { problems } = validationErrorOf(overrides);
  expect(problems).toHaveLength(1);
  return problems[0]!;
}

describe('EnvironmentValidationError', () => {
  it('is an Error named after its class that carries the file and the problems', () => {
    const error = validationErrorOf({ mysql: { storageSize: '50 GB' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('EnvironmentValidationError');
    expect(error.file).toBe(fixtureFile);
    expect(error.problems).toEqual([{ field: 'mysql.storageSize', expected: 'a quantity such as "512Mi" or "50Gi"', actual: '50 GB' }]);
  });

  it('writes the file, the count, the field, the expected form and the actual value in its message', () => {
    const error = validationErrorOf({ mysql: { storageSize: '50 GB' } });
    expect(error.message).toBe(
      [`${fixtureFile}: invalid environment (1 problem)`, '  mysql.storageSize: expected a quantity such as "512Mi" or "50Gi", got "50 GB"'].join('\n'),
    );
  });

  it('can be built directly and pluralises the count', () => {
    const error = new EnvironmentValidationError('f.ts', [
      { field: 'a', expected: 'x', actual: 1 },
      { field: 'b', expected: 'y', actual: undefined },
    ]);
    expect(error.message).toBe('f.ts: invalid environment (2 problems)\n  a: expected x, got 1\n  b: expected y, got undefined');
  });
});

describe('validateEnvironment', () => {
  it('returns a valid environment unchanged', () => {
    const candidate = { ...defaultSettings, name: 'ok', sourceFile: 'ok.ts', appNamespace: 'open4goods-ok' };
    expect(validateEnvironment(candidate, 'ok.ts')).toBe(candidate);
  });

  it('reports every missing field of an empty candidate instead of crashing', () => {
    let caught: unknown;
    try {
      validateEnvironment({}, 'empty.ts');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(EnvironmentValidationError);
    const fields = (caught as EnvironmentValidationError).problems.map((problem) => problem.field);
    expect(fields).toEqual(
      expect.arrayContaining(['name', 'cluster.nodeCount', 'acme.email', 'secrets.kind', 'decisions.s3.status', 'mysql.storageSize', 'mysql.user']),
    );
    expect((caught as EnvironmentValidationError).file).toBe('empty.ts');
  });

  it('refuses a candidate that is not an object', () => {
    expect(() => validateEnvironment(null, 'null.ts')).toThrow(EnvironmentValidationError);
    expect(() => validateEnvironment('prod', 'string.ts')).toThrow(/^string\.ts: invalid environment/);
  });
});

describe('environment fields', () => {
  it('refuses a storage size written "50 GB"', () => {
    expect(onlyProblemOf({ mysql: { storageSize: '50 GB' } })).toEqual({
      field: 'mysql.storageSize',
      expected: 'a quantity such as "512Mi" or "50Gi"',
      actual: '50 GB',
    });
  });

  it('refuses a storage size written as a number', () => {
    expect(onlyProblemOf({ mysql: { storageSize: 50 } })).toMatchObject({ field: 'mysql.storageSize', actual: 50 });
  });

  it('refuses an environment name that is not a lower-case label', () => {
    expect(validationErrorOf({}, 'Prod').problems).toEqual([
      { field: 'name', expected: 'a lower-case environment name such as "prod"', actual: 'Prod' },
    ]);
  });

  it('refuses an FQDN with upper case or underscores, in a decision value', () => {
    expect(onlyProblemOf({ decisions: { fqdn: locked({ xwiki: 'Wiki_Open4Goods.org' }) } })).toEqual({
      field: 'decisions.fqdn.value.xwiki',
      expected: 'a lower-case fully qualified domain name such as "wiki.example.org"',
      actual: 'Wiki_Open4Goods.org',
    });
  });

  it.each(['wiki', 'wiki.', '.open4goods.org', 'wiki..open4goods.org', '-wiki.open4goods.org', 'wiki.open4goods.o', 'https://wiki.open4goods.org'])(
    'refuses the FQDN %j',
    (fqdn) => {
      expect(onlyProblemOf({ decisions: { fqdn: open({ xwiki: fqdn }, 'Which host?') } })).toMatchObject({ field: 'decisions.fqdn.value.xwiki', actual: fqdn });
    },
  );

  it('refuses a DNS zone that is not an FQDN', () => {
    expect(onlyProblemOf({ dns: { zone: 'open4goods' } })).toMatchObject({ field: 'dns.zone', actual: 'open4goods' });
  });

  it.each(['ops.open4goods.org', 'ops@open4goods', 'ops @open4goods.org', '@open4goods.org', ''])('refuses the e-mail address %j', (email) => {
    expect(onlyProblemOf({ acme: { email } })).toEqual({ field: 'acme.email', expected: 'an e-mail address such as "ops@example.org" (one address, no display name)', actual: email });
  });

  it('refuses an unknown ACME server and DNS provider', () => {
    const { problems } = validationErrorOf({ acme: { server: 'letsencrypt' }, dns: { provider: 'route53' } });
    expect(problems).toEqual([
      { field: 'acme.server', expected: '"letsencrypt-staging" or "letsencrypt-prod"', actual: 'letsencrypt' },
      { field: 'dns.provider', expected: '"ovh" or "cloudflare"', actual: 'route53' },
    ]);
  });

  it('refuses a plain http:// S3 endpoint', () => {
    expect(onlyProblemOf({ decisions: { s3: locked({ ...validS3, endpoint: 'http://s3.gra.io.cloud.ovh.net' }) } })).toEqual({
      field: 'decisions.s3.value.endpoint',
      expected: 'an https:// URL without path, such as "https://s3.gra.io.cloud.ovh.net"',
      actual: 'http://s3.gra.io.cloud.ovh.net',
    });
  });

  it('refuses an S3 endpoint with a path, and accepts one with a port', () => {
    expect(onlyProblemOf({ decisions: { s3: locked({ ...validS3, endpoint: 'https://s3.example.org/bucket' }) } })).toMatchObject({
      field: 'decisions.s3.value.endpoint',
    });
    expect(defineEnvironment('ok', fixtureFile, { decisions: { s3: locked({ ...validS3, endpoint: 'https://minio.local:9000' }) } }).decisions.s3.value.endpoint).toBe(
      'https://minio.local:9000',
    );
  });

  it('refuses SSE-KMS without a KMS key id', () => {
    expect(onlyProblemOf({ decisions: { s3: locked({ ...validS3, encryption: { mode: 'SSE-KMS' } }) } })).toEqual({
      field: 'decisions.s3.value.encryption.kmsKeyId',
      expected: 'the KMS key id used for SSE-KMS',
      actual: undefined,
    });
    expect(onlyProblemOf({ decisions: { s3: locked({ ...validS3, encryption: { mode: 'SSE-KMS', kmsKeyId: '' } }) } })).toMatchObject({
      field: 'decisions.s3.value.encryption.kmsKeyId',
      actual: '',
    });
  });

  it('accepts SSE-KMS with a KMS key id', () => {
    const environment = defineEnvironment('kms', fixtureFile, { decisions: { s3: locked({ ...validS3, encryption: { mode: 'SSE-KMS', kmsKeyId: 'key-1' } }) } });
    expect(environment.decisions.s3.value.encryption).toEqual({ mode: 'SSE-KMS', kmsKeyId: 'key-1' });
  });

  it('refuses an unknown S3 encryption mode', () => {
    expect(onlyProblemOf({ decisions: { s3: locked({ ...validS3, encryption: { mode: 'SSE-C' } }) } })).toEqual({
      field: 'decisions.s3.value.encryption.mode',
      expected: '"SSE-S3" or "SSE-KMS"',
      actual: 'SSE-C',
    });
  });

  it('checks bucket, prefix, region and retention of the S3 decision', () => {
    const { problems } = validationErrorOf({
      decisions: { s3: open({ ...validS3, bucket: 'Backups', prefix: '/open4goods/prod/', region: 'GRA', retentionDays: 0 }, 'Where?') },
    });
    expect(problems.map((problem) => problem.field)).toEqual([
      'decisions.s3.value.bucket',
      'decisions.s3.value.prefix',
      'decisions.s3.value.region',
      'decisions.s3.value.retentionDays',
    ]);
    expect(problems[3]!.expected).toBe('a retention in days between 1 and 3650');
  });

  it('refuses a decision whose status is neither locked nor open, without inspecting its value', () => {
    expect(onlyProblemOf({ decisions: { s3: { status: 'maybe', value: { endpoint: 'http://x' } } } })).toEqual({
      field: 'decisions.s3.status',
      expected: '"locked" or "open" (use locked(...) or open(..., question))',
      actual: 'maybe',
    });
  });

  it('refuses an open decision without a question', () => {
    expect(onlyProblemOf({ decisions: { mysqlVersion: { status: 'open', value: '8.4' } } })).toEqual({
      field: 'decisions.mysqlVersion.question',
      expected: 'the open question, as a non-empty string',
      actual: undefined,
    });
    expect(onlyProblemOf({ decisions: { mysqlVersion: open('8.4', '') } })).toMatchObject({ field: 'decisions.mysqlVersion.question', actual: '' });
  });

  it('checks the value of a decision', () => {
    expect(onlyProblemOf({ decisions: { mysqlVersion: locked('8') } })).toEqual({
      field: 'decisions.mysqlVersion.value',
      expected: 'a MySQL major.minor series such as "8.4"',
      actual: '8',
    });
    expect(onlyProblemOf({ decisions: { restoreTestFrequency: locked('weekly') } })).toMatchObject({ field: 'decisions.restoreTestFrequency.value', actual: 'weekly' });
    expect(onlyProblemOf({ decisions: { recoveryObjectives: locked({ rpo: '0h', rto: '4h' }) } })).toEqual({
      field: 'decisions.recoveryObjectives.value.rpo',
      expected: 'a duration such as "30m", "1h" or "7d"',
      actual: '0h',
    });
  });

  it.each([0, -1, 101, 1.5, '3'])('refuses the node count %j', (nodeCount) => {
    expect(onlyProblemOf({ cluster: { nodeCount } })).toEqual({
      field: 'cluster.nodeCount',
      expected: 'an integer node count between 1 and 100',
      actual: nodeCount,
    });
  });

  it.each([1, 100])('accepts the node count %i', (nodeCount) => {
    expect(defineEnvironment('nodes', fixtureFile, { cluster: { nodeCount } }).cluster.nodeCount).toBe(nodeCount);
  });

  it('refuses a buffer pool larger than 75% of the memory limit', () => {
    expect(onlyProblemOf({ mysql: { innodbBufferPoolSize: '1600Mi', resources: { limits: { memory: '2Gi' } } } })).toEqual({
      field: 'mysql.innodbBufferPoolSize',
      expected: 'at most 75% of mysql.resources.limits.memory (2Gi), leaving room for connections and the OS',
      actual: '1600Mi',
    });
    expect(onlyProblemOf({ mysql: { innodbBufferPoolSize: '2Gi' } })).toMatchObject({ field: 'mysql.innodbBufferPoolSize', actual: '2Gi' });
  });

  it('accepts a buffer pool of exactly 75% of the memory limit', () => {
    const environment = defineEnvironment('pool', fixtureFile, { mysql: { innodbBufferPoolSize: '1536Mi', resources: { limits: { memory: '2Gi' } } } });
    expect(environment.mysql.innodbBufferPoolSize).toBe('1536Mi');
  });

  it('reports a malformed buffer pool once, as a malformed quantity', () => {
    expect(onlyProblemOf({ mysql: { innodbBufferPoolSize: '1 GB' } })).toEqual({
      field: 'mysql.innodbBufferPoolSize',
      expected: 'a quantity such as "512Mi" or "50Gi"',
      actual: '1 GB',
    });
  });

  it('checks the CPU quantities, the limit only when set', () => {
    expect(onlyProblemOf({ mysql: { resources: { requests: { cpu: '1 core' } } } })).toEqual({
      field: 'mysql.resources.requests.cpu',
      expected: 'a CPU quantity such as "250m" or "1"',
      actual: '1 core',
    });
    expect(onlyProblemOf({ mysql: { resources: { limits: { cpu: 'two' } } } })).toMatchObject({ field: 'mysql.resources.limits.cpu', actual: 'two' });
    expect(defineEnvironment('cpu', fixtureFile, { mysql: { resources: { limits: { cpu: '2' } } } }).mysql.resources.limits.cpu).toBe('2');
  });

  it('checks MySQL connections and identifiers', () => {
    const { problems } = validationErrorOf({ mysql: { maxConnections: 5, database: 'xwiki-db', user: 'XWiki' } });
    expect(problems).toEqual([
      { field: 'mysql.maxConnections', expected: 'an integer between 10 and 10000', actual: 5 },
      { field: 'mysql.database', expected: 'a lower-case SQL identifier (letters, digits, underscore)', actual: 'xwiki-db' },
      { field: 'mysql.user', expected: 'a lower-case SQL identifier (letters, digits, underscore)', actual: 'XWiki' },
    ]);
  });

  it('checks the Flux durations and flags', () => {
    const { problems } = validationErrorOf({ flux: { interval: '10 minutes', timeout: '0m', suspendAppsWhileDecisionsOpen: 'yes' } });
    expect(problems).toEqual([
      { field: 'flux.interval', expected: 'a duration such as "30m", "1h" or "7d"', actual: '10 minutes' },
      { field: 'flux.timeout', expected: 'a duration such as "30m", "1h" or "7d"', actual: '0m' },
      { field: 'flux.suspendAppsWhileDecisionsOpen', expected: 'true or false', actual: 'yes' },
    ]);
    expect(onlyProblemOf({ images: { requireDigest: 1 } })).toEqual({ field: 'images.requireDigest', expected: 'true or false', actual: 1 });
  });

  it('refuses a secret backend of kind "plain"', () => {
    expect(onlyProblemOf({ secrets: { kind: 'plain' } })).toEqual({ field: 'secrets.kind', expected: '"sops" or "vault"', actual: 'plain' });
  });

  it('accepts the sops backend without Vault settings', () => {
    expect(defineEnvironment('sops', fixtureFile, { secrets: { kind: 'sops' } }).secrets).toEqual({ kind: 'sops' });
  });

  it('checks the Vault store name and path prefix', () => {
    const { problems } = validationErrorOf({ secrets: { kind: 'vault', clusterSecretStore: 'Vault_Store', pathPrefix: 'open4goods/prod/' } });
    expect(problems).toEqual([
      { field: 'secrets.clusterSecretStore', expected: 'a lower-case DNS label such as "vault"', actual: 'Vault_Store' },
      { field: 'secrets.pathPrefix', expected: 'a key prefix without leading or trailing slash, such as "open4goods/prod"', actual: 'open4goods/prod/' },
    ]);
  });

  it('reports several problems at once, in file order, in one error', () => {
    const error = validationErrorOf({
      cluster: { nodeCount: 0 },
      acme: { email: 'not-an-email' },
      secrets: { kind: 'plain' },
      decisions: {
        s3: locked({ ...validS3, endpoint: 'http://s3.example.org' }),
        mysqlVersion: { status: 'maybe', value: '8.4' },
      },
      mysql: { storageSize: '50 GB' },
    });
    expect(error.problems.map((problem) => problem.field)).toEqual([
      'cluster.nodeCount',
      'acme.email',
      'secrets.kind',
      'decisions.mysqlVersion.status',
      'decisions.s3.value.endpoint',
      'mysql.storageSize',
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(`${fixtureFile}: invalid environment (6 problems)`);
    expect(lines).toHaveLength(7);
    expect(lines).toContain('  mysql.storageSize: expected a quantity such as "512Mi" or "50Gi", got "50 GB"');
    expect(lines).toContain('  decisions.s3.value.endpoint: expected an https:// URL without path, such as "https://s3.gra.io.cloud.ovh.net", got "http://s3.example.org"');
    expect(lines).toContain('  cluster.nodeCount: expected an integer node count between 1 and 100, got 0');
  });
});

describe('xwiki settings', () => {
  it('refuses a data volume size written "20 GB"', () => {
    expect(onlyProblemOf({ xwiki: { storageSize: '20 GB' } })).toEqual({
      field: 'xwiki.storageSize',
      expected: 'a quantity such as "512Mi" or "50Gi"',
      actual: '20 GB',
    });
  });

  it('checks the CPU and memory quantities of the XWiki container', () => {
    const { problems } = validationErrorOf({ xwiki: { resources: { requests: { cpu: 'one', memory: '3 GiB' }, limits: { cpu: 'two', memory: 3 } } } });
    expect(problems).toEqual([
      { field: 'xwiki.resources.requests.cpu', expected: 'a CPU quantity such as "250m" or "1"', actual: 'one' },
      { field: 'xwiki.resources.requests.memory', expected: 'a quantity such as "512Mi" or "50Gi"', actual: '3 GiB' },
      { field: 'xwiki.resources.limits.cpu', expected: 'a CPU quantity such as "250m" or "1"', actual: 'two' },
      { field: 'xwiki.resources.limits.memory', expected: 'a quantity such as "512Mi" or "50Gi"', actual: 3 },
    ]);
  });

  it('refuses a memory request above the memory limit, naming the limit', () => {
    expect(onlyProblemOf({ xwiki: { resources: { requests: { memory: '5Gi' }, limits: { memory: '4Gi' } } } })).toEqual({
      field: 'xwiki.resources.requests.memory',
      expected: 'at most xwiki.resources.limits.memory (4Gi): Kubernetes refuses a request above its limit; lower the request or raise the limit',
      actual: '5Gi',
    });
  });

  it('applies the same request-within-limit rule to MySQL', () => {
    expect(onlyProblemOf({ mysql: { resources: { requests: { memory: '3Gi' } } } })).toMatchObject({ field: 'mysql.resources.requests.memory', actual: '3Gi' });
  });

  it('accepts a request equal to or below the limit', () => {
    const environment = defineEnvironment('sizes', fixtureFile, { xwiki: { resources: { requests: { cpu: '250m', memory: '2Gi' }, limits: { memory: '6Gi' } } } });
    expect(environment.xwiki.resources).toEqual({ requests: { cpu: '250m', memory: '2Gi' }, limits: { memory: '6Gi' } });
  });

  it('refuses a backup scratch size written "20 GB"', () => {
    expect(onlyProblemOf({ backups: { scratchSize: '20 GB' } })).toEqual({
      field: 'backups.scratchSize',
      expected: 'a quantity such as "512Mi" or "50Gi"',
      actual: '20 GB',
    });
  });

  it.each([['Prod'], [''], [7]])('refuses the restore-test source %j', (restoreTestSource) => {
    expect(onlyProblemOf({ backups: { restoreTestSource } })).toEqual({
      field: 'backups.restoreTestSource',
      expected: 'the name of another environment, such as "prod" (its latest dump is restored here), or no value',
      actual: restoreTestSource,
    });
  });

  it('refuses an environment that restores its own dumps as its restore test', () => {
    expect(validationErrorOf({ backups: { restoreTestSource: 'fixture' } }, 'fixture').problems.map((problem) => problem.field)).toEqual(['backups.restoreTestSource']);
  });

  it('accepts another environment as restore-test source, and none', () => {
    expect(defineEnvironment('rehearsal', fixtureFile, { backups: { restoreTestSource: 'prod' } }).backups).toEqual({ scratchSize: '20Gi', restoreTestSource: 'prod' });
    expect(defineEnvironment('plain', fixtureFile, {}).backups).toEqual({ scratchSize: '20Gi' });
  });
});
