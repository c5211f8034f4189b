import type { Environment } from './environment.ts';
import { cidrProblem } from './cidr.ts';
import { bucketNameProblem } from './s3-bucket-name.ts';
import { parseByteQuantity, parseCpuMillicores, parseDurationSeconds } from './units.ts';
import { unknownSettingProblems } from './unknown-settings.ts';
import { type EnvironmentProblem, EnvironmentValidationError } from './validation-error.ts';

export { type EnvironmentProblem, EnvironmentValidationError } from './validation-error.ts';

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const matches = (pattern: RegExp): Check => (value) => isString(value) && pattern.test(value as string);
const oneOf = (...allowed: readonly unknown[]): Check => (value) => allowed.includes(value);
const integerBetween = (min: number, max: number): Check => (value) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

// age's Bech32 X25519 recipient: "age1" then 58 characters of the Bech32 alphabet.
const ageRecipient: Check = matches(/^age1[02-9ac-hj-np-z]{58}$/);
const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const fqdnPattern = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
// RFC 5322 dot-atom local part (at most 64 characters) @ a domain name; no display name, no list.
const emailPattern = /^(?=[^@]{1,64}@)[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?=.{1,253}$)([A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$/;

/** Schemas MySQL has itself: the server refuses to create the first two, and the others hold its own tables (the application user would be granted all of them). */
const mysqlSystemSchemas = ['information_schema', 'performance_schema', 'mysql', 'sys'];

const checks = {
  duration: [(value: unknown) => isString(value) && parseDurationSeconds(value as string) !== undefined, 'a duration such as "30m", "1h" or "7d"'],
  byteQuantity: [(value: unknown) => isString(value) && parseByteQuantity(value as string) !== undefined, 'a quantity such as "512Mi" or "50Gi"'],
  cpuQuantity: [(value: unknown) => isString(value) && parseCpuMillicores(value as string) !== undefined, 'a CPU quantity such as "250m" or "1"'],
  fqdn: [matches(fqdnPattern), 'a lower-case fully qualified domain name such as "wiki.example.org"'],
  email: [matches(emailPattern), 'an e-mail address such as "ops@example.org" (one address, no display name)'],
  httpsUrl: [matches(/^https:\/\/[a-z0-9.-]+(:[0-9]+)?\/?$/), 'an https:// URL without path, such as "https://s3.gra.io.cloud.ovh.net"'],
  prefix: [matches(/^[a-z0-9][a-z0-9._/-]*[a-z0-9]$/), 'a key prefix without leading or trailing slash, such as "open4goods/prod"'],
  region: [matches(/^[a-z0-9-]+$/), 'a region name such as "gra" or "eu-west-1"'],
  mysqlSeries: [matches(/^[0-9]+\.[0-9]+$/), 'a MySQL major.minor series such as "8.4"'],
  identifier: [matches(/^[a-z][a-z0-9_]*$/), 'a lower-case SQL identifier (letters, digits, underscore)'],
  kubernetesName: [matches(dnsLabel), 'a lower-case DNS label such as "vault"'],
  boolean: [oneOf(true, false), 'true or false'],
  vaultPath: [matches(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/), 'a Vault mount path without leading or trailing slash, such as "kubernetes-prod"'],
  // NGINX size syntax; 0 would turn the limit off, which the specification does not allow.
  hostPort: [matches(/^(?=.{1,253}:)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}:[0-9]{1,5}$/), 'a host name and port such as "smtp.example.org:587"'],
  httpsUrlWithPath: [matches(/^https:\/\/[a-z0-9.-]+(:[0-9]+)?(\/[A-Za-z0-9._~%-]+)+$/), 'an https:// URL of a directory without trailing slash, such as "https://git.example.org/ops/gitops/blob/main/docs/runbooks"'],
  nginxSize: [matches(/^[1-9][0-9]*[kKmMgG]?$/), 'an NGINX size such as "100m" or "1g" (not 0: a limit is required)'],
  groupName: [matches(/^[A-Za-z0-9][A-Za-z0-9:._@-]{0,127}$/), 'a group name such as "open4goods-operators" (letters, digits, ":", ".", "_", "@", "-")'],
} as const satisfies Record<string, readonly [Check, string]>;

/** Collects problems while walking an environment. */
class Inspector {
  readonly problems: EnvironmentProblem[] = [];

  constructor(private readonly root: unknown) {}

  read(path: string): unknown {
    return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), this.root);
  }

  expect(path: string, [check, expected]: readonly [Check, string]): void {
    const value = this.read(path);
    if (!check(value)) this.problems.push({ field: path, expected, actual: value });
  }

  expectCustom(path: string, check: Check, expected: string): void {
    this.expect(path, [check, expected]);
  }

  /**
   * A quantity of bytes (`bytes`) or CPU (`cpu`) above zero: Kubernetes refuses a volume of zero
   * bytes, and a zero request, limit or scratch size leaves nothing to run in.
   */
  expectQuantity(path: string, kind: 'bytes' | 'cpu'): void {
    const value = this.read(path);
    const parse = kind === 'bytes' ? parseByteQuantity : parseCpuMillicores;
    const example = kind === 'bytes' ? '"512Mi" or "50Gi"' : '"250m" or "1"';
    const amount = isString(value) ? parse((value as string).replace(/^-/, '')) : undefined;
    if (amount === undefined) this.expect(path, kind === 'bytes' ? checks.byteQuantity : checks.cpuQuantity);
    else if (amount <= 0 || (value as string).startsWith('-')) {
      this.problems.push({ field: path, expected: `a ${kind === 'cpu' ? 'CPU ' : ''}quantity above zero such as ${example}`, actual: value });
    }
  }

  /** Requests and limits of a container: CPU and memory quantities, the CPU limit optional, requests within limits. */
  expectComputeResources(path: string): void {
    this.expectQuantity(`${path}.requests.cpu`, 'cpu');
    this.expectQuantity(`${path}.requests.memory`, 'bytes');
    if (this.read(`${path}.limits.cpu`) !== undefined) this.expectQuantity(`${path}.limits.cpu`, 'cpu');
    this.expectQuantity(`${path}.limits.memory`, 'bytes');
    this.expectRequestWithinLimit(path, 'memory', parseByteQuantity);
    this.expectRequestWithinLimit(path, 'cpu', parseCpuMillicores);
  }

  /** Kubernetes refuses a pod whose request is above its limit. */
  private expectRequestWithinLimit(path: string, resource: 'cpu' | 'memory', parse: (text: string) => number | undefined): void {
    const limitText = this.read(`${path}.limits.${resource}`);
    const request = parse(String(this.read(`${path}.requests.${resource}`)));
    const limit = limitText === undefined ? undefined : parse(String(limitText));
    if (request !== undefined && limit !== undefined && request > limit) {
      this.problems.push({
        field: `${path}.requests.${resource}`,
        expected: `at most ${path}.limits.${resource} (${String(limitText)}): Kubernetes refuses a request above its limit; lower the request or raise the limit`,
        actual: this.read(`${path}.requests.${resource}`),
      });
    }
  }

  /** A MySQL identifier the server and the mysql image accept: a lower-case identifier, within MySQL's length limit, not one MySQL owns. */
  expectMysqlName(path: string, rule: { readonly maxLength: number; readonly what: string; readonly reserved: readonly string[]; readonly why: string }): void {
    const value = this.read(path);
    if (!checks.identifier[0](value)) this.expect(path, checks.identifier);
    else if ((value as string).length > rule.maxLength) {
      this.problems.push({ field: path, expected: `a MySQL ${rule.what} of at most ${rule.maxLength} characters (MySQL's limit)`, actual: value });
    } else if (rule.reserved.includes(value as string)) {
      this.problems.push({ field: path, expected: `a MySQL ${rule.what} other than ${rule.reserved.map((name) => `"${name}"`).join(', ')} (${rule.why}), such as "xwiki"`, actual: value });
    }
  }

  /** Reports each item of a list for which `problemOf` names a problem (the list's shape is checked by expectList). */
  expectEach(path: string, problemOf: (item: unknown) => string | undefined): void {
    const list = this.read(path);
    if (!Array.isArray(list)) return;
    list.forEach((item, index) => {
      const expected = problemOf(item);
      if (expected) this.problems.push({ field: `${path}.${index}`, expected, actual: item });
    });
  }

  /** A list whose every item passes `check`; each bad item is reported with its index. */
  expectList(path: string, check: Check, expectedItem: string, options: { readonly allowEmpty: boolean }): void {
    const list = this.read(path);
    if (!Array.isArray(list) || (!options.allowEmpty && list.length === 0)) {
      this.problems.push({ field: path, expected: `a ${options.allowEmpty ? '' : 'non-empty '}list, each item ${expectedItem}`, actual: list });
      return;
    }
    list.forEach((item, index) => {
      if (!check(item)) this.problems.push({ field: `${path}.${index}`, expected: expectedItem, actual: item });
    });
  }

  /** A Decision: `{ status: 'locked', value }` or `{ status: 'open', value, question }`. */
  expectDecision(path: string, inspectValue: (valuePath: string) => void): void {
    const status = this.read(`${path}.status`);
    if (status !== 'locked' && status !== 'open') {
      this.problems.push({ field: `${path}.status`, expected: '"locked" or "open" (use locked(...) or open(..., question))', actual: status });
      return;
    }
    if (status === 'open') this.expectCustom(`${path}.question`, (value) => isString(value) && (value as string).length > 0, 'the open question, as a non-empty string');
    inspectValue(`${path}.value`);
  }
}

/** Validates an environment and returns it typed; throws EnvironmentValidationError naming every bad field. */
export function validateEnvironment(candidate: unknown, file: string): Environment {
  const inspect = new Inspector(candidate);
  inspect.problems.push(...unknownSettingProblems(candidate));
  inspect.expect('name', [matches(/^[a-z][a-z0-9-]{0,29}$/), 'a lower-case environment name such as "prod"']);
  inspect.expect('cluster.nodeCount', [integerBetween(1, 100), 'an integer node count between 1 and 100']);
  if (inspect.read('cluster.apiServer') !== undefined) {
    inspect.expect('cluster.apiServer', [matches(/^https:\/\/[a-z0-9.-]+(:[0-9]+)?$/), 'the API server URL of the cluster\'s kubeconfig entry, such as "https://203.0.113.10:6443", or no value']);
  }
  inspect.expect('images.requireDigest', checks.boolean);
  inspect.expect('flux.interval', checks.duration);
  inspect.expect('flux.timeout', checks.duration);
  inspect.expect('flux.suspendAppsWhileDecisionsOpen', checks.boolean);
  inspect.expect('acme.email', checks.email);
  inspect.expect('acme.server', [oneOf('letsencrypt-staging', 'letsencrypt-prod'), '"letsencrypt-staging" or "letsencrypt-prod"']);
  inspect.expect('dns.provider', [oneOf('ovh', 'cloudflare'), '"ovh" or "cloudflare"']);
  inspect.expect('dns.zone', checks.fqdn);
  inspect.expect('dns.policy', [oneOf('sync', 'upsert-only', 'create-only'), '"sync", "upsert-only" or "create-only"']);
  inspect.expect('dns.ovhEndpoint', [matches(/^(ovh|kimsufi|soyoustart)-(eu|ca|us)$/), 'an OVH API endpoint name such as "ovh-eu" or "ovh-ca"']);
  inspect.expect('storage.reservedPercentageForDefaultDisk', [integerBetween(0, 90), 'an integer percentage between 0 and 90']);
  inspect.expect('ingress.clientMaxBodySize', checks.nginxSize);

  const backend = inspect.read('secrets.kind');
  if (backend === 'vault') {
    inspect.expect('secrets.clusterSecretStore', checks.kubernetesName);
    inspect.expect('secrets.pathPrefix', checks.prefix);
    inspect.expect('vault.address', checks.httpsUrl);
    inspect.expect('vault.kvMount', checks.vaultPath);
    inspect.expect('vault.authMountPath', checks.vaultPath);
    inspect.expect('vault.role', checks.kubernetesName);
  } else if (backend !== 'sops') {
    inspect.problems.push({ field: 'secrets.kind', expected: '"sops" or "vault"', actual: backend });
  }

  inspect.expectList('sops.ageRecipients', ageRecipient, 'an age X25519 public key "age1…" (58 characters after "age1"), as age-keygen prints it', { allowEmpty: true });
  inspect.expectList('network.kubernetesApi.cidrs', (value) => isString(value), 'a CIDR such as "10.0.0.0/8" or "fd00::/8"', { allowEmpty: false });
  inspect.expectEach('network.kubernetesApi.cidrs', (value) => {
    const problem = isString(value) ? cidrProblem(value as string) : undefined;
    return problem && `a CIDR such as "10.0.0.0/8" or "fd00::/8": ${problem}`;
  });
  inspect.expectList('network.kubernetesApi.ports', integerBetween(1, 65535), 'a TCP port between 1 and 65535', { allowEmpty: false });
  inspect.expect('access.clusterAdminGroup', checks.groupName);

  inspect.expectDecision('decisions.mysqlVersion', (path) => inspect.expect(path, checks.mysqlSeries));
  inspect.expectDecision('decisions.s3', (path) => {
    inspect.expect(`${path}.endpoint`, checks.httpsUrl);
    inspect.expectCustom(`${path}.bucket`, isString, 'an S3 bucket name such as "open4goods-backups"');
    const bucket = inspect.read(`${path}.bucket`);
    const bucketProblem = isString(bucket) ? bucketNameProblem(bucket as string) : undefined;
    if (bucketProblem) inspect.problems.push({ field: `${path}.bucket`, expected: `an S3 bucket name (${bucketProblem}), such as "open4goods-backups"`, actual: bucket });
    inspect.expect(`${path}.prefix`, checks.prefix);
    inspect.expect(`${path}.region`, checks.region);
    inspect.expect(`${path}.retentionDays`, [integerBetween(1, 3650), 'a retention in days between 1 and 3650']);
    const mode = inspect.read(`${path}.encryption.mode`);
    if (mode === 'SSE-KMS') {
      inspect.expectCustom(`${path}.encryption.kmsKeyId`, (value) => isString(value) && (value as string).length > 0, 'the KMS key id used for SSE-KMS');
    } else if (mode !== 'SSE-S3') {
      inspect.problems.push({ field: `${path}.encryption.mode`, expected: '"SSE-S3" or "SSE-KMS"', actual: mode });
    }
  });
  inspect.expectDecision('decisions.fqdn', (path) => {
    inspect.expect(`${path}.xwiki`, checks.fqdn);
    // external-dns writes records only in its zone (domainFilters): a host outside it never resolves.
    const host = inspect.read(`${path}.xwiki`);
    const zone = inspect.read('dns.zone');
    if (checks.fqdn[0](host) && checks.fqdn[0](zone) && host !== zone && !(host as string).endsWith(`.${zone as string}`)) {
      inspect.problems.push({
        field: `${path}.xwiki`,
        expected: `a host name in the DNS zone dns.zone ("${zone as string}"), such as "wiki.${zone as string}": external-dns writes records only there; or change dns.zone`,
        actual: host,
      });
    }
  });
  inspect.expectDecision('decisions.recoveryObjectives', (path) => {
    inspect.expect(`${path}.rpo`, checks.duration);
    inspect.expect(`${path}.rto`, checks.duration);
  });
  inspect.expectDecision('decisions.restoreTestFrequency', (path) => inspect.expect(path, checks.duration));

  inspect.expectQuantity('mysql.storageSize', 'bytes');
  inspect.expectComputeResources('mysql.resources');
  inspect.expectQuantity('mysql.innodbBufferPoolSize', 'bytes');
  inspect.expect('mysql.maxConnections', [integerBetween(10, 10_000), 'an integer between 10 and 10000']);
  inspect.expectMysqlName('mysql.database', { maxLength: 64, what: 'database name', reserved: mysqlSystemSchemas, why: 'a schema of MySQL itself' });
  // MySQL 8.4 user names are at most 32 characters; the mysql image creates root itself and refuses MYSQL_USER=root.
  inspect.expectMysqlName('mysql.user', { maxLength: 32, what: 'user name', reserved: ['root'], why: 'the administrator the mysql image creates (it refuses MYSQL_USER=root)' });

  inspect.expectQuantity('xwiki.storageSize', 'bytes');
  inspect.expectComputeResources('xwiki.resources');

  inspect.expectQuantity('backups.scratchSize', 'bytes');
  const restoreTestSource = inspect.read('backups.restoreTestSource');
  if (restoreTestSource !== undefined) {
    inspect.expectCustom(
      'backups.restoreTestSource',
      (value) => isString(value) && /^[a-z][a-z0-9-]{0,29}$/.test(value as string) && value !== inspect.read('name'),
      'the name of another environment, such as "prod" (its latest dump is restored here), or no value',
    );
  }

  inspect.expect('observability.prometheus.retention', checks.duration);
  inspect.expectQuantity('observability.prometheus.storageSize', 'bytes');
  inspect.expectComputeResources('observability.prometheus.resources');
  inspect.expectQuantity('observability.alertmanager.storageSize', 'bytes');
  inspect.expect('observability.logs.enabled', checks.boolean);
  inspect.expect('observability.logs.retention', checks.duration);
  inspect.expectQuantity('observability.logs.storageSize', 'bytes');
  inspect.expect('observability.runbookBaseUrl', checks.httpsUrlWithPath);
  inspect.expect('observability.heartbeat.enabled', checks.boolean);
  inspect.expect('observability.heartbeat.interval', checks.duration);
  inspect.expect('observability.metricsServer.kubeletInsecureTls', checks.boolean);
  const receiver = inspect.read('observability.alertReceiver.kind');
  if (receiver === 'email') {
    inspect.expect('observability.alertReceiver.to', checks.email);
    inspect.expect('observability.alertReceiver.from', checks.email);
    inspect.expect('observability.alertReceiver.smarthost', checks.hostPort);
    inspect.expectCustom('observability.alertReceiver.username', (value) => isString(value) && (value as string).trim().length > 0, 'the SMTP user name (its password comes from the secret contract)');
  } else if (receiver !== 'webhook') {
    inspect.problems.push({ field: 'observability.alertReceiver.kind', expected: '"email" or "webhook"', actual: receiver });
  }

  inspect.expect('smoke.mysqlCrud.rows', [integerBetween(100, 100_000), 'an integer number of rows between 100 and 100000']);
  const latencyBound = integerBetween(1, 60_000);
  inspect.expect('smoke.mysqlCrud.maxP50Milliseconds', [latencyBound, 'a whole number of milliseconds between 1 and 60000']);
  inspect.expect('smoke.mysqlCrud.maxP95Milliseconds', [latencyBound, 'a whole number of milliseconds between 1 and 60000']);
  inspect.expect('smoke.rerunAfter', checks.duration);

  // Cross-field rules: values that are well-formed alone but wrong together.
  const bufferPool = parseByteQuantity(String(inspect.read('mysql.innodbBufferPoolSize')));
  const memoryLimit = parseByteQuantity(String(inspect.read('mysql.resources.limits.memory')));
  if (bufferPool !== undefined && memoryLimit !== undefined && bufferPool > memoryLimit * 0.75) {
    inspect.problems.push({
      field: 'mysql.innodbBufferPoolSize',
      expected: `at most 75% of mysql.resources.limits.memory (${inspect.read('mysql.resources.limits.memory')}), leaving room for connections and the OS`,
      actual: inspect.read('mysql.innodbBufferPoolSize'),
    });
  }

  const p50 = inspect.read('smoke.mysqlCrud.maxP50Milliseconds');
  const p95 = inspect.read('smoke.mysqlCrud.maxP95Milliseconds');
  if (latencyBound(p50) && latencyBound(p95) && (p50 as number) > (p95 as number)) {
    inspect.problems.push({ field: 'smoke.mysqlCrud.maxP50Milliseconds', expected: `at most smoke.mysqlCrud.maxP95Milliseconds (${p95}): a median above the 95th percentile can never be met`, actual: p50 });
  }

  if (inspect.problems.length > 0) throw new EnvironmentValidationError(file, inspect.problems);
  return candidate as Environment;
}
