import { type Environment, defineEnvironment, loadEnvironment, parseByteQuantity } from '@open4goods/environments';
import type { KubernetesObject } from '@open4goods/kit';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { describe, expect, it } from 'vitest';
import mysql from './index.ts';

function render(environment: Environment): readonly KubernetesObject[] {
  return mysql.units[0]!.render(environment);
}

function configMap(environment: Environment, name: string): ConfigMap {
  const found = render(environment)
    .filter((object): object is ConfigMap => object instanceof ConfigMap)
    .find((object) => object.metadata?.name === name);
  if (!found) throw new Error(`no ConfigMap named ${name}`);
  return found;
}

/** The rendered my.cnf: the single file of the mysql-config ConfigMap. */
function myCnf(environment: Environment): string {
  const files = Object.values(configMap(environment, 'mysql-config').data ?? {});
  expect(files).toHaveLength(1);
  return files[0]!;
}

/** Options of one section, with `-` and `_` made equivalent as mysqld does. */
function section(cnf: string, name: string): Map<string, string> {
  const options = new Map<string, string>();
  let current: string | undefined;
  for (const raw of cnf.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1];
      continue;
    }
    if (current !== name) continue;
    const [key, ...value] = line.split('=');
    const option = key!.trim().replaceAll('-', '_');
    expect(options.has(option), `option ${option} set twice in [${name}]`).toBe(false);
    options.set(option, value.join('=').trim());
  }
  return options;
}

const environments = [
  { name: 'prod', bufferPoolBytes: 2147483648 },
  { name: 'staging', bufferPoolBytes: 1073741824 },
] as const;

describe.each(environments)('my.cnf in $name', ({ name, bufferPoolBytes }) => {
  const environment = loadEnvironment(name);
  const cnf = myCnf(environment);
  const mysqld = section(cnf, 'mysqld');

  it('uses utf8mb4 with the binary collation XWiki needs', () => {
    expect(mysqld.get('character_set_server')).toBe('utf8mb4');
    expect(mysqld.get('collation_server')).toBe('utf8mb4_bin');
    expect(section(cnf, 'client').get('default_character_set')).toBe('utf8mb4');
  });

  it('sets explicit_defaults_for_timestamp', () => {
    expect(['ON', '1', 'TRUE']).toContain(mysqld.get('explicit_defaults_for_timestamp')?.toUpperCase());
  });

  it('sizes the InnoDB buffer pool in bytes from the environment', () => {
    expect(mysqld.get('innodb_buffer_pool_size')).toBe(String(bufferPoolBytes));
    expect(Number(mysqld.get('innodb_buffer_pool_size'))).toBe(parseByteQuantity(environment.mysql.innodbBufferPoolSize));
  });

  it('keeps the buffer pool within the container memory limit', () => {
    const statefulSet = render(environment).find((object): object is StatefulSet => object instanceof StatefulSet)!;
    const limit = statefulSet.spec!.template.spec!.containers.find((container) => container.name === 'mysql')!.resources!.limits!.memory as string;
    expect(Number(mysqld.get('innodb_buffer_pool_size'))).toBeLessThan(parseByteQuantity(limit)!);
  });

  it('takes max_connections from the environment', () => {
    expect(mysqld.get('max_connections')).toBe(String(environment.mysql.maxConnections));
  });

  it('uses the socket in the writable /var/run/mysqld emptyDir, for server and clients', () => {
    expect(mysqld.get('socket')).toBe('/var/run/mysqld/mysqld.sock');
    expect(section(cnf, 'client').get('socket')).toBe(mysqld.get('socket'));
  });

  it('disables file import/export, so nothing is written outside the declared writable paths', () => {
    expect(mysqld.get('secure_file_priv')).toBe('NULL');
  });
});

describe('my.cnf follows the environment', () => {
  it('sets max_connections to 100 in staging', () => {
    expect(section(myCnf(loadEnvironment('staging')), 'mysqld').get('max_connections')).toBe('100');
  });

  it('writes any buffer pool quantity in bytes', () => {
    const staging = loadEnvironment('staging');
    const custom = defineEnvironment('custom', 'custom.ts', { mysql: { innodbBufferPoolSize: '1536Mi' } }, staging);
    expect(section(myCnf(custom), 'mysqld').get('innodb_buffer_pool_size')).toBe('1610612736');
  });
});

describe.each(['prod', 'staging'] as const)('init scripts in %s', (name) => {
  const environment = loadEnvironment(name);
  const initdb = configMap(environment, 'mysql-initdb');

  it('are shell scripts run by the entrypoint from /docker-entrypoint-initdb.d, the exporter account first', () => {
    expect(Object.keys(initdb.data ?? {})).toEqual(['10-exporter-user.sh', '20-smoke-account.sh']);
    const statefulSet = render(environment).find((object): object is StatefulSet => object instanceof StatefulSet)!;
    const pod = statefulSet.spec!.template.spec!;
    const mount = pod.containers.find((container) => container.name === 'mysql')!.volumeMounts!.find((candidate) => candidate.mountPath === '/docker-entrypoint-initdb.d');
    expect(mount?.readOnly).toBe(true);
    expect(pod.volumes?.find((volume) => volume.name === mount?.name)?.configMap?.name).toBe('mysql-initdb');
  });
});

describe.each(['prod', 'staging'] as const)('smoke account init script in %s', (name) => {
  const environment = loadEnvironment(name);
  const script = configMap(environment, 'mysql-initdb').data!['20-smoke-account.sh']!;

  it("creates 'smoke'@'%' with the password of ${MYSQL_SMOKE_PASSWORD}, at most two connections", () => {
    const identified = [...script.matchAll(/IDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+('[^']*'|"[^"]*"|\S+)/gi)].map((match) => match[1]);
    expect(identified).toEqual(["'${MYSQL_SMOKE_PASSWORD}'"]);
    expect(script).toMatch(/CREATE USER IF NOT EXISTS 'smoke'@'%' IDENTIFIED BY '\$\{MYSQL_SMOKE_PASSWORD\}' WITH MAX_USER_CONNECTIONS 2;/);
    expect(script).toMatch(/<<-?\s*EOSQL\b/);
  });

  it('grants table rights on its scratch database and nothing else', () => {
    expect(script).toMatch(/CREATE DATABASE IF NOT EXISTS `smoke`/);
    const grants = [...script.matchAll(/GRANT (.+) ON (\S+) TO/g)].map((match) => `${match[1]} ON ${match[2]}`);
    expect(grants).toEqual(['CREATE, DROP, SELECT, INSERT, UPDATE, DELETE ON `smoke`.*']);
    expect(script).not.toContain(environment.mysql.database);
  });

  it('runs where the variable is set from the smoke-password key', () => {
    const statefulSet = render(environment).find((object): object is StatefulSet => object instanceof StatefulSet)!;
    const variable = statefulSet.spec!.template.spec!.containers.find((container) => container.name === 'mysql')!.env?.find((candidate) => candidate.name === 'MYSQL_SMOKE_PASSWORD');
    expect(variable?.valueFrom?.secretKeyRef).toEqual({ name: 'mysql-credentials', key: 'smoke-password' });
  });
});

describe.each(['prod', 'staging'] as const)('exporter account init script in %s', (name) => {
  const environment = loadEnvironment(name);
  const scripts = Object.entries(configMap(environment, 'mysql-initdb').data ?? {});
  const script = scripts[0]?.[1] ?? '';

  it("creates 'exporter'@'127.0.0.1' with the password of ${MYSQLD_EXPORTER_PASSWORD}", () => {
    expect(script).toMatch(/CREATE USER IF NOT EXISTS 'exporter'@'127\.0\.0\.1' IDENTIFIED BY '\$\{MYSQLD_EXPORTER_PASSWORD\}'/);
  });

  it('sets no password other than ${MYSQLD_EXPORTER_PASSWORD}', () => {
    const identified = [...script.matchAll(/IDENTIFIED\s+(?:WITH\s+\S+\s+)?BY\s+('[^']*'|"[^"]*"|\S+)/gi)].map((match) => match[1]);
    expect(identified).toEqual(["'${MYSQLD_EXPORTER_PASSWORD}'"]);
    expect(script).not.toMatch(/PASSWORD\s*\(/i);
    expect(script).not.toMatch(/SET\s+PASSWORD/i);
  });

  it('lets the shell expand the variable (unquoted here-document delimiter)', () => {
    expect(script).toMatch(/<<-?\s*EOSQL\b/);
    expect(script).not.toMatch(/<<-?\s*['"]EOSQL/);
  });

  it('gives the exporter account loopback access only, with read-only grants', () => {
    const hosts = [...script.matchAll(/'exporter'@'([^']*)'/g)].map((match) => match[1]);
    expect(hosts.length).toBeGreaterThan(0);
    expect(new Set(hosts)).toEqual(new Set(['127.0.0.1']));
    expect(script).toMatch(/GRANT PROCESS, REPLICATION CLIENT, SELECT ON \*\.\* TO 'exporter'@'127\.0\.0\.1'/);
    expect(script).not.toMatch(/GRANT ALL/i);
  });

  it('runs where the variable is set from the exporter-password key', () => {
    const statefulSet = render(environment).find((object): object is StatefulSet => object instanceof StatefulSet)!;
    const variable = statefulSet.spec!.template.spec!.containers.find((container) => container.name === 'mysql')!.env?.find((candidate) => candidate.name === 'MYSQLD_EXPORTER_PASSWORD');
    expect(variable?.valueFrom?.secretKeyRef).toEqual({ name: 'mysql-credentials', key: 'exporter-password' });
  });
});
