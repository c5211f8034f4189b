import type { Environment } from './environment.ts';
import { parseByteQuantity, parseCpuMillicores, parseDurationSeconds } from './units.ts';

/** One invalid field of an environment file. */
export interface EnvironmentProblem {
  readonly field: string;
  readonly expected: string;
  readonly actual: unknown;
}

/** Raised when an environment file holds a value of the wrong form. Lists every bad field. */
export class EnvironmentValidationError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly EnvironmentProblem[],
  ) {
    super(
      [
        `${file}: invalid environment (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
        ...problems.map((problem) => `  ${problem.field}: expected ${problem.expected}, got ${JSON.stringify(problem.actual)}`),
      ].join('\n'),
    );
    this.name = 'EnvironmentValidationError';
  }
}

type Check = (value: unknown) => boolean;

const isString: Check = (value) => typeof value === 'string';
const matches = (pattern: RegExp): Check => (value) => isString(value) && pattern.test(value as string);
const oneOf = (...allowed: readonly unknown[]): Check => (value) => allowed.includes(value);
const integerBetween = (min: number, max: number): Check => (value) =>
  Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

// age's Bech32 X25519 recipient: "age1" then 58 characters of the Bech32 alphabet.
const ageRecipient: Check = matches(/^age1[02-9ac-hj-np-z]{58}$/);
const ipv4 = /^((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])$/;
const ipv6 = /^[0-9a-f:]+$/;
const isCidr: Check = (value) => {
  if (!isString(value)) return false;
  const [address, prefix, ...rest] = (value as string).split('/');
  if (rest.length > 0 || prefix === undefined || !/^[0-9]{1,3}$/.test(prefix)) return false;
  if (ipv4.test(address!)) return Number(prefix) <= 32;
  return ipv6.test(address!) && address!.includes(':') && (address!.match(/::/g) ?? []).length <= 1 && Number(prefix) <= 128;
};

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const fqdnPattern = /^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const checks = {
  duration: [(value: unknown) => isString(value) && parseDurationSeconds(value as string) !== undefined, 'a duration such as "30m", "1h" or "7d"'],
  byteQuantity: [(value: unknown) => isString(value) && parseByteQuantity(value as string) !== undefined, 'a quantity such as "512Mi" or "50Gi"'],
  cpuQuantity: [(value: unknown) => isString(value) && parseCpuMillicores(value as string) !== undefined, 'a CPU quantity such as "250m" or "1"'],
  fqdn: [matches(fqdnPattern), 'a lower-case fully qualified domain name such as "wiki.example.org"'],
  email: [matches(/^[^\s@]+@[^\s@]+\.[a-z]{2,}$/), 'an e-mail address'],
  httpsUrl: [matches(/^https:\/\/[a-z0-9.-]+(:[0-9]+)?\/?$/), 'an https:// URL without path, such as "https://s3.gra.io.cloud.ovh.net"'],
  bucket: [matches(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/), 'an S3 bucket name (3-63 lower-case letters, digits, dots, hyphens)'],
  prefix: [matches(/^[a-z0-9][a-z0-9._/-]*[a-z0-9]$/), 'a key prefix without leading or trailing slash, such as "open4goods/prod"'],
  region: [matches(/^[a-z0-9-]+$/), 'a region name such as "gra" or "eu-west-1"'],
  mysqlSeries: [matches(/^[0-9]+\.[0-9]+$/), 'a MySQL major.minor series such as "8.4"'],
  identifier: [matches(/^[a-z][a-z0-9_]{0,31}$/), 'a lower-case SQL identifier (letters, digits, underscore)'],
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

  /** Requests and limits of a container: CPU and memory quantities, the CPU limit optional, requests within limits. */
  expectComputeResources(path: string): void {
    this.expect(`${path}.requests.cpu`, checks.cpuQuantity);
    this.expect(`${path}.requests.memory`, checks.byteQuantity);
    if (this.read(`${path}.limits.cpu`) !== undefined) this.expect(`${path}.limits.cpu`, checks.cpuQuantity);
    this.expect(`${path}.limits.memory`, checks.byteQuantity);
    const request = parseByteQuantity(String(this.read(`${path}.requests.memory`)));
    const limit = parseByteQuantity(String(this.read(`${path}.limits.memory`)));
    if (request !== undefined && limit !== undefined && request > limit) {
      this.problems.push({
        field: `${path}.requests.memory`,
        expected: `at most ${path}.limits.memory (${String(this.read(`${path}.limits.memory`))}): Kubernetes refuses a request above its limit`,
        actual: this.read(`${path}.requests.memory`),
      });
    }
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
  inspect.expect('name', [matches(/^[a-z][a-z0-9-]{0,29}$/), 'a lower-case environment name such as "prod"']);
  inspect.expect('cluster.nodeCount', [integerBetween(1, 100), 'an integer node count between 1 and 100']);
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
  inspect.expectList('network.kubernetesApi.cidrs', isCidr, 'a CIDR such as "10.0.0.0/8" or "fd00::/8"', { allowEmpty: false });
  inspect.expectList('network.kubernetesApi.ports', integerBetween(1, 65535), 'a TCP port between 1 and 65535', { allowEmpty: false });
  inspect.expect('access.clusterAdminGroup', checks.groupName);

  inspect.expectDecision('decisions.mysqlVersion', (path) => inspect.expect(path, checks.mysqlSeries));
  inspect.expectDecision('decisions.s3', (path) => {
    inspect.expect(`${path}.endpoint`, checks.httpsUrl);
    inspect.expect(`${path}.bucket`, checks.bucket);
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
  inspect.expectDecision('decisions.fqdn', (path) => inspect.expect(`${path}.xwiki`, checks.fqdn));
  inspect.expectDecision('decisions.recoveryObjectives', (path) => {
    inspect.expect(`${path}.rpo`, checks.duration);
    inspect.expect(`${path}.rto`, checks.duration);
  });
  inspect.expectDecision('decisions.restoreTestFrequency', (path) => inspect.expect(path, checks.duration));

  inspect.expect('mysql.storageSize', checks.byteQuantity);
  inspect.expectComputeResources('mysql.resources');
  inspect.expect('mysql.innodbBufferPoolSize', checks.byteQuantity);
  inspect.expect('mysql.maxConnections', [integerBetween(10, 10_000), 'an integer between 10 and 10000']);
  inspect.expect('mysql.database', checks.identifier);
  inspect.expect('mysql.user', checks.identifier);

  inspect.expect('xwiki.storageSize', checks.byteQuantity);
  inspect.expectComputeResources('xwiki.resources');

  inspect.expect('backups.scratchSize', checks.byteQuantity);
  const restoreTestSource = inspect.read('backups.restoreTestSource');
  if (restoreTestSource !== undefined) {
    inspect.expectCustom(
      'backups.restoreTestSource',
      (value) => isString(value) && /^[a-z][a-z0-9-]{0,29}$/.test(value as string) && value !== inspect.read('name'),
      'the name of another environment, such as "prod" (its latest dump is restored here), or no value',
    );
  }

  inspect.expect('observability.prometheus.retention', checks.duration);
  inspect.expect('observability.prometheus.storageSize', checks.byteQuantity);
  inspect.expectComputeResources('observability.prometheus.resources');
  inspect.expect('observability.alertmanager.storageSize', checks.byteQuantity);
  inspect.expect('observability.logs.enabled', checks.boolean);
  inspect.expect('observability.logs.retention', checks.duration);
  inspect.expect('observability.logs.storageSize', checks.byteQuantity);
  inspect.expect('observability.runbookBaseUrl', checks.httpsUrlWithPath);
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
