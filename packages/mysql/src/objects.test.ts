import { type Environment, loadDefaults, loadEnvironment } from '@open4goods/environments';
import { type KubernetesObject, describeObject } from '@open4goods/kit';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { describe, expect, it } from 'vitest';
import mysql from './index.ts';

function render(environment: Environment): readonly KubernetesObject[] {
  return mysql.units[0]!.render(environment);
}

function service(objects: readonly KubernetesObject[], name: string): Service {
  const found = objects.filter((object): object is Service => object instanceof Service).find((object) => object.metadata?.name === name);
  if (!found) throw new Error(`no Service named ${name}`);
  return found;
}

describe('the mysql component', () => {
  it('is an apps-layer component with one unit, given time for a first initialisation', () => {
    expect(mysql.name).toBe('mysql');
    expect(mysql.layer).toBe('apps');
    expect(mysql.units.map((unit) => unit.name)).toEqual(['database']);
    expect(mysql.units[0]!.timeout).toBeDefined();
  });

  it('renders for the defaults the kustomize bases are built from', () => {
    expect(() => render(loadDefaults())).not.toThrow();
  });
});

describe.each(['prod', 'staging'] as const)('mysql objects in %s', (name) => {
  const environment = loadEnvironment(name);
  const objects = render(environment);
  const namespace = `open4goods-${name}`;

  describe('every object', () => {
    it('passes its validate() where it has one', () => {
      const validated = objects.filter((object) => typeof object.validate === 'function');
      expect(validated.length).toBe(objects.length);
      for (const object of validated) expect(() => object.validate!(), describeObject(object)).not.toThrow();
    });

    it('is unique by kind, namespace and name', () => {
      const names = objects.map(describeObject);
      expect(new Set(names).size).toBe(names.length);
    });

    it('lives in the application namespace, except the Namespace itself', () => {
      for (const object of objects) {
        if (object.kind === 'Namespace') continue;
        expect(object.metadata?.namespace, describeObject(object)).toBe(namespace);
      }
    });

    it('is rendered the same way twice (a plain function of the environment)', () => {
      const again = render(loadEnvironment(name));
      expect(JSON.parse(JSON.stringify(again))).toEqual(JSON.parse(JSON.stringify(objects)));
    });
  });

  describe('namespace', () => {
    const namespaces = objects.filter((object): object is Namespace => object instanceof Namespace);

    it(`is ${namespace}`, () => {
      expect(namespaces.map((object) => object.metadata?.name)).toEqual([namespace]);
      expect(environment.appNamespace).toBe(namespace);
    });

    it.each(['enforce', 'audit', 'warn'])('has Pod Security %s = restricted', (mode) => {
      expect(namespaces[0]!.metadata?.labels?.[`pod-security.kubernetes.io/${mode}`]).toBe('restricted');
    });

    it('is rendered before the objects it contains', () => {
      expect(objects[0]!.kind).toBe('Namespace');
    });
  });

  describe('secrets', () => {
    it('renders no Secret (credentials come from the secret backend)', () => {
      expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
    });

    it('carries no credential value in any rendered object', () => {
      const text = JSON.stringify(objects);
      expect(text).not.toMatch(/"stringData"/);
      expect(text).not.toMatch(/IDENTIFIED BY '(?!\$\{MYSQLD_EXPORTER_PASSWORD\}'|\$\{MYSQL_SMOKE_PASSWORD\}')/);
      expect(text).not.toMatch(/--password=/);
    });

    it('declares the mysql-credentials Secret with root, user, exporter and smoke-account passwords in the environment namespace', () => {
      const requirements = mysql.secrets!(environment);
      expect(requirements).toHaveLength(1);
      const [requirement] = requirements;
      expect(requirement!.name).toBe('mysql-credentials');
      expect(requirement!.namespace).toBe(namespace);
      expect(requirement!.unit).toBe('database');
      expect(mysql.units.map((unit) => unit.name)).toContain(requirement!.unit);
      expect(requirement!.keys.map((key) => key.name).sort()).toEqual(['exporter-password', 'root-password', 'smoke-password', 'user-password']);
      for (const key of requirement!.keys) expect(key.description.length, key.name).toBeGreaterThan(0);
    });

    it('declares every Secret key the pod reads', () => {
      const declared = new Map(mysql.secrets!(environment).map((requirement) => [requirement.name, requirement.keys.map((key) => key.name)]));
      const statefulSet = objects.find((object): object is StatefulSet => object instanceof StatefulSet)!;
      const pod = statefulSet.spec!.template.spec!;
      const references = [...(pod.initContainers ?? []), ...pod.containers]
        .flatMap((container) => container.env ?? [])
        .flatMap((variable) => (variable.valueFrom?.secretKeyRef ? [variable.valueFrom.secretKeyRef] : []));
      expect(references.length).toBeGreaterThan(0);
      for (const reference of references) expect(declared.get(reference.name!), `${reference.name}/${reference.key}`).toContain(reference.key);
    });
  });

  describe('services', () => {
    const services = objects.filter((object): object is Service => object instanceof Service);

    it('are mysql and mysql-headless', () => {
      expect(services.map((object) => object.metadata?.name).sort()).toEqual(['mysql', 'mysql-headless']);
    });

    it('never expose MySQL outside the cluster', () => {
      for (const object of services) {
        const where = describeObject(object);
        expect(['ClusterIP', undefined], where).toContain(object.spec?.type);
        expect(object.spec?.externalIPs, where).toBeUndefined();
        expect(object.spec?.loadBalancerIP, where).toBeUndefined();
        for (const port of object.spec?.ports ?? []) expect(port.nodePort, where).toBeUndefined();
      }
      expect(JSON.stringify(services)).not.toMatch(/nodePort|NodePort|LoadBalancer/);
    });

    it('mysql is a ClusterIP Service on port 3306', () => {
      const client = service(objects, 'mysql');
      expect(client.spec?.type).toBe('ClusterIP');
      expect(client.spec?.clusterIP).not.toBe('None');
      expect(client.spec?.ports).toContainEqual(expect.objectContaining({ name: 'mysql', port: 3306, targetPort: 'mysql', protocol: 'TCP' }));
    });

    it('mysql-headless has no cluster IP and publishes the pod before it is ready', () => {
      const headless = service(objects, 'mysql-headless');
      expect(headless.spec?.clusterIP).toBe('None');
      expect(headless.spec?.publishNotReadyAddresses).toBe(true);
      expect(headless.spec?.ports).toContainEqual(expect.objectContaining({ port: 3306 }));
    });

    it('select the MySQL pods, and their target ports exist on those pods', () => {
      const statefulSet = objects.find((object): object is StatefulSet => object instanceof StatefulSet)!;
      const podLabels = statefulSet.spec!.template.metadata?.labels ?? {};
      const containerPorts = statefulSet.spec!.template.spec!.containers.flatMap((container) => container.ports ?? []);
      for (const object of services) {
        expect(Object.keys(object.spec?.selector ?? {}).length, describeObject(object)).toBeGreaterThan(0);
        expect(podLabels, describeObject(object)).toMatchObject(object.spec?.selector ?? {});
        for (const port of object.spec?.ports ?? []) {
          const target = port.targetPort ?? port.port;
          expect(containerPorts.some((candidate) => candidate.name === target || candidate.containerPort === target), `${describeObject(object)} ${String(target)}`).toBe(true);
        }
      }
    });
  });

  describe('service account', () => {
    it('exists for the pod and mounts no token', () => {
      const accounts = objects.filter((object): object is ServiceAccount => object instanceof ServiceAccount);
      expect(accounts).toHaveLength(1);
      expect(accounts[0]!.automountServiceAccountToken).toBe(false);
      const statefulSet = objects.find((object): object is StatefulSet => object instanceof StatefulSet)!;
      expect(statefulSet.spec!.template.spec!.serviceAccountName).toBe(accounts[0]!.metadata?.name);
    });
  });
});
