import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { BuildInputError, ImageReference, type KubernetesObject } from '@open4goods/kit';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1Probe } from 'kubernetes-models/v1/Probe';
import { describe, expect, it } from 'vitest';
import mysql from './index.ts';

const configChecksumAnnotation = 'open4goods.org/config-sha256';

function render(environment: Environment): readonly KubernetesObject[] {
  return mysql.units[0]!.render(environment);
}

function statefulSetOf(environment: Environment): StatefulSet {
  const statefulSets = render(environment).filter((object): object is StatefulSet => object instanceof StatefulSet);
  expect(statefulSets).toHaveLength(1);
  return statefulSets[0]!;
}

function containersOf(statefulSet: StatefulSet): IIoK8sApiCoreV1Container[] {
  const pod = statefulSet.spec!.template.spec!;
  return [...(pod.initContainers ?? []), ...pod.containers];
}

function container(statefulSet: StatefulSet, name: string): IIoK8sApiCoreV1Container {
  const found = containersOf(statefulSet).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no container named ${name}`);
  return found;
}

function probesOf(candidate: IIoK8sApiCoreV1Container): IIoK8sApiCoreV1Probe[] {
  return [candidate.startupProbe, candidate.livenessProbe, candidate.readinessProbe].filter((probe): probe is IIoK8sApiCoreV1Probe => probe !== undefined);
}

const environments = [
  { name: 'prod', storageSize: '50Gi' },
  { name: 'staging', storageSize: '20Gi' },
] as const;

describe.each(environments)('mysql StatefulSet in $name', ({ name, storageSize }) => {
  const environment = loadEnvironment(name);
  const statefulSet = statefulSetOf(environment);
  const spec = statefulSet.spec!;
  const pod = spec.template.spec!;
  const mysqlContainer = container(statefulSet, 'mysql');

  describe('shape', () => {
    it('runs exactly one replica in the environment namespace', () => {
      expect(spec.replicas).toBe(1);
      expect(statefulSet.metadata?.namespace).toBe(`open4goods-${name}`);
    });

    it('is governed by the headless Service, which exists and has no cluster IP', () => {
      expect(spec.serviceName).toBe('mysql-headless');
      const governing = render(environment).find((object) => object.kind === 'Service' && object.metadata?.name === spec.serviceName) as
        | { spec?: { clusterIP?: string } }
        | undefined;
      expect(governing?.spec?.clusterIP).toBe('None');
    });

    it('selects its own pods: every selector label is a pod label with the same value', () => {
      const selector = spec.selector.matchLabels ?? {};
      expect(Object.keys(selector).length).toBeGreaterThan(0);
      expect(spec.template.metadata?.labels).toMatchObject(selector);
      // The selector is immutable: it must not carry the version.
      expect(Object.keys(selector)).not.toContain('app.kubernetes.io/version');
    });

    it(`claims a ReadWriteOnce "data" volume of ${storageSize} on longhorn-db`, () => {
      const templates = spec.volumeClaimTemplates ?? [];
      expect(templates.map((template) => template.metadata?.name)).toEqual(['data']);
      const claim = templates[0]!.spec!;
      expect(claim.accessModes).toEqual(['ReadWriteOnce']);
      expect(claim.storageClassName).toBe('longhorn-db');
      expect(claim.resources?.requests?.storage).toBe(storageSize);
      expect(claim.resources?.requests?.storage).toBe(environment.mysql.storageSize);
    });

    it('keeps the data volume when the StatefulSet is deleted or scaled', () => {
      expect(spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' });
    });

    it('passes the kubernetes-models schema validation', () => {
      expect(() => statefulSet.validate()).not.toThrow();
    });
  });

  describe('hardening', () => {
    it('runs the pod as the non-root mysql user (999) with RuntimeDefault seccomp', () => {
      const security = pod.securityContext!;
      expect(security.runAsNonRoot).toBe(true);
      expect(security.runAsUser).toBe(999);
      expect(security.fsGroup).toBe(999);
      expect(security.seccompProfile?.type).toBe('RuntimeDefault');
    });

    it('does not mount a service account token', () => {
      expect(pod.automountServiceAccountToken).toBe(false);
    });

    it('hardens every container', () => {
      const containers = containersOf(statefulSet);
      expect(containers.map((candidate) => candidate.name)).toEqual(expect.arrayContaining(['mysql', 'exporter']));
      for (const candidate of containers) {
        const security = candidate.securityContext;
        expect(security?.allowPrivilegeEscalation, candidate.name).toBe(false);
        expect(security?.capabilities?.drop, candidate.name).toEqual(['ALL']);
        expect(security?.capabilities?.add ?? [], candidate.name).toEqual([]);
        expect(security?.readOnlyRootFilesystem, candidate.name).toBe(true);
        expect(security?.privileged ?? false, candidate.name).toBe(false);
        // No container may undo the pod's non-root identity.
        expect(security?.runAsNonRoot ?? true, candidate.name).toBe(true);
        expect(security?.runAsUser ?? 999, candidate.name).not.toBe(0);
      }
    });

    it('mounts the data PVC at /var/lib/mysql, writable', () => {
      const mount = mysqlContainer.volumeMounts?.find((candidate) => candidate.mountPath === '/var/lib/mysql');
      expect(mount?.name).toBe('data');
      expect(mount?.readOnly ?? false).toBe(false);
      expect(spec.volumeClaimTemplates?.map((template) => template.metadata?.name)).toContain(mount?.name);
      // A pod volume of the same name would shadow the claim.
      expect(pod.volumes?.map((volume) => volume.name)).not.toContain(mount?.name);
    });

    it.each(['/var/run/mysqld', '/tmp'])('mounts a writable emptyDir at %s', (path) => {
      const mount = mysqlContainer.volumeMounts?.find((candidate) => candidate.mountPath === path);
      expect(mount, path).toBeDefined();
      expect(mount?.readOnly ?? false).toBe(false);
      const volume = pod.volumes?.find((candidate) => candidate.name === mount?.name);
      expect(volume?.emptyDir).toBeDefined();
    });

    it('mounts the configuration read-only at /etc/mysql/conf.d from the mysql-config ConfigMap', () => {
      const mount = mysqlContainer.volumeMounts?.find((candidate) => candidate.mountPath === '/etc/mysql/conf.d');
      expect(mount?.readOnly).toBe(true);
      const volume = pod.volumes?.find((candidate) => candidate.name === mount?.name);
      expect(volume?.configMap?.name).toBe('mysql-config');
    });

    it('mounts every volume it declares, and declares every volume it mounts', () => {
      const claimNames = (spec.volumeClaimTemplates ?? []).map((template) => template.metadata?.name);
      const volumeNames = (pod.volumes ?? []).map((volume) => volume.name);
      const mountedNames = containersOf(statefulSet).flatMap((candidate) => (candidate.volumeMounts ?? []).map((mount) => mount.name));
      for (const mounted of mountedNames) expect([...volumeNames, ...claimNames]).toContain(mounted);
      for (const declared of volumeNames) expect(mountedNames).toContain(declared);
    });
  });

  describe('probes', () => {
    it('has startup, liveness and readiness probes on mysql', () => {
      expect(mysqlContainer.startupProbe).toBeDefined();
      expect(mysqlContainer.livenessProbe).toBeDefined();
      expect(mysqlContainer.readinessProbe).toBeDefined();
    });

    it('is ready only when the server executes a query', () => {
      const command = (mysqlContainer.readinessProbe?.exec?.command ?? []).join(' ');
      // The mysql client executing a statement, not mysqladmin ping (which succeeds on "access denied").
      expect(command).toMatch(/(^|[\s'"])mysql\s/);
      expect(command).toMatch(/(--execute|-e)[=\s]*["']?SELECT\b/i);
      expect(command).not.toMatch(/mysqladmin/);
    });

    it('writes no password literal in any probe command', () => {
      const passwordValues = containersOf(statefulSet)
        .flatMap((candidate) => candidate.env ?? [])
        .filter((variable) => /PASSWORD|PWD/i.test(variable.name) && variable.value !== undefined)
        .map((variable) => variable.value!);
      for (const candidate of containersOf(statefulSet)) {
        for (const probe of probesOf(candidate)) {
          const command = (probe.exec?.command ?? []).join(' ');
          // No password on the command line (visible in the process list) ...
          expect(command, candidate.name).not.toMatch(/--password\b/);
          expect(command, candidate.name).not.toMatch(/(^|\s)-p\S/);
          // ... and MYSQL_PWD, if set, only from an environment variable.
          for (const assignment of command.match(/MYSQL_PWD=\S*/g) ?? []) expect(assignment).toMatch(/^MYSQL_PWD="?\$\{?[A-Z_]+/);
          for (const value of passwordValues) expect(command).not.toContain(value);
        }
      }
    });

    it('reads the readiness password from a Secret-backed variable of the container', () => {
      const command = (mysqlContainer.readinessProbe?.exec?.command ?? []).join(' ');
      const referenced = [...command.matchAll(/\$\{?([A-Z_]*PASSWORD[A-Z_]*)/g)].map((match) => match[1]!);
      expect(referenced.length).toBeGreaterThan(0);
      for (const name of referenced) {
        const variable = mysqlContainer.env?.find((candidate) => candidate.name === name);
        expect(variable?.valueFrom?.secretKeyRef?.name, name).toBe('mysql-credentials');
      }
    });
  });

  describe('secrets', () => {
    it('takes every password-carrying variable from the mysql-credentials Secret', () => {
      const declaredKeys = mysql.secrets!(environment).flatMap((requirement) => requirement.keys.map((key) => key.name));
      const passwordVariables = containersOf(statefulSet).flatMap((candidate) =>
        (candidate.env ?? []).filter((variable) => /PASSWORD|PWD|SECRET|TOKEN/i.test(variable.name)).map((variable) => ({ container: candidate.name, variable })),
      );
      expect(passwordVariables.length).toBeGreaterThan(0);
      for (const { container: containerName, variable } of passwordVariables) {
        const where = `${containerName}: ${variable.name}`;
        expect(variable.value, where).toBeUndefined();
        expect(variable.valueFrom?.secretKeyRef?.name, where).toBe('mysql-credentials');
        expect(declaredKeys, where).toContain(variable.valueFrom?.secretKeyRef?.key);
      }
    });

    it('maps each credential to its key', () => {
      const keyOf = (containerName: string, variableName: string) =>
        container(statefulSet, containerName).env?.find((variable) => variable.name === variableName)?.valueFrom?.secretKeyRef?.key;
      expect(keyOf('mysql', 'MYSQL_ROOT_PASSWORD')).toBe('root-password');
      expect(keyOf('mysql', 'MYSQL_PASSWORD')).toBe('user-password');
      // The init script creating the exporter account and the exporter read the same key.
      expect(keyOf('mysql', 'MYSQLD_EXPORTER_PASSWORD')).toBe('exporter-password');
      expect(keyOf('exporter', 'MYSQLD_EXPORTER_PASSWORD')).toBe('exporter-password');
    });

    it('uses no *_FILE or allow-empty/random root password variants', () => {
      const names = mysqlContainer.env?.map((variable) => variable.name) ?? [];
      expect(names).not.toContain('MYSQL_ALLOW_EMPTY_PASSWORD');
      expect(names).not.toContain('MYSQL_RANDOM_ROOT_PASSWORD');
    });
  });

  describe('exporter sidecar', () => {
    const exporter = container(statefulSet, 'exporter');

    it('exposes metrics on port 9104', () => {
      expect(exporter.ports).toEqual([expect.objectContaining({ name: 'metrics', containerPort: 9104 })]);
    });

    it('connects to MySQL on loopback as the exporter user', () => {
      expect(exporter.args).toContain('--mysqld.address=127.0.0.1:3306');
      expect(exporter.args).toContain('--mysqld.username=exporter');
      // The statement summary feeds the dashboard's query latency; the account's SELECT on *.* covers performance_schema.
      expect(exporter.args).toContain('--collect.perf_schema.eventsstatementssum');
      expect((exporter.args ?? []).join(' ')).not.toMatch(/password/i);
    });

    it('has liveness and readiness probes on its metrics port', () => {
      expect(exporter.livenessProbe?.httpGet?.port).toBe('metrics');
      expect(exporter.readinessProbe?.httpGet?.port).toBe('metrics');
    });
  });

  describe('images', () => {
    it('runs a mysql image of the 8.4 series', () => {
      const tag = imageTag(mysqlContainer.image!);
      expect(tag).toMatch(/^8\.4(\.|$)/);
      expect(tag.startsWith(`${environment.decisions.mysqlVersion.value}`)).toBe(true);
    });

    it('labels the pods with the mysql version', () => {
      expect(spec.template.metadata?.labels?.['app.kubernetes.io/version']).toBe(imageTag(mysqlContainer.image!));
    });
  });
});

/** The tag of an image string `repository:tag[@sha256:…]`. */
function imageTag(image: string): string {
  return ImageReference.parse({ reference: image, file: 'test', constant: 'test' }).tag ?? '';
}

describe('mysql images in prod', () => {
  const statefulSet = statefulSetOf(loadEnvironment('prod'));

  it('pins every image by sha256 digest', () => {
    const containers = containersOf(statefulSet);
    expect(containers.length).toBeGreaterThanOrEqual(2);
    for (const candidate of containers) expect(candidate.image, candidate.name).toMatch(/@sha256:[a-f0-9]{64}$/);
  });
});

describe('the decided MySQL series', () => {
  const locked80 = defineEnvironment('prod', 'packages/environments/src/prod.ts', {
    images: { requireDigest: true },
    decisions: { mysqlVersion: { status: 'locked', value: '8.0' } },
  });

  it('refuses to render an image of another series, naming the file, the constant and the decision', () => {
    let error: unknown;
    try {
      render(locked80);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(BuildInputError);
    const message = (error as Error).message;
    expect(message).toContain('packages/mysql/src/images.ts');
    expect(message).toContain('mysqlImage');
    expect(message).toContain('decisions.mysqlVersion');
    expect(message).toContain('8.0');
    expect(message).toContain('packages/environments/src/prod.ts');
    expect((error as BuildInputError).file).toBe('packages/mysql/src/images.ts');
    expect((error as BuildInputError).field).toBe('mysqlImage');
  });
});

describe.each(['prod', 'staging'] as const)('the configuration checksum in %s', (name) => {
  const base = loadEnvironment(name);
  const checksumOf = (environment: Environment) => statefulSetOf(environment).spec!.template.metadata?.annotations?.[configChecksumAnnotation];
  const variant = (overrides: object) => defineEnvironment(name, base.sourceFile, overrides, base);

  it('is a sha256 on the pod template', () => {
    expect(checksumOf(base)).toMatch(/^[a-f0-9]{64}$/);
  });

  it('is stable across renders', () => {
    expect(checksumOf(base)).toBe(checksumOf(loadEnvironment(name)));
  });

  it('changes when my.cnf changes (max_connections)', () => {
    const changed = variant({ mysql: { maxConnections: base.mysql.maxConnections + 50 } });
    expect(checksumOf(changed)).not.toBe(checksumOf(base));
  });

  it('changes when my.cnf changes (buffer pool size)', () => {
    const changed = variant({ mysql: { innodbBufferPoolSize: '768Mi' } });
    expect(checksumOf(changed)).not.toBe(checksumOf(base));
  });

  it('does not change when only the resources change (a CPU request)', () => {
    const changed = variant({ mysql: { resources: { requests: { cpu: '1500m' } } } });
    // The change did reach the pod ...
    expect(container(statefulSetOf(changed), 'mysql').resources?.requests?.cpu).toBe('1500m');
    expect(container(statefulSetOf(base), 'mysql').resources?.requests?.cpu).not.toBe('1500m');
    // ... but my.cnf is the same, so the checksum is.
    expect(checksumOf(changed)).toBe(checksumOf(base));
  });

  it('does not change with the storage size', () => {
    expect(checksumOf(variant({ mysql: { storageSize: '100Gi' } }))).toBe(checksumOf(base));
  });
});
