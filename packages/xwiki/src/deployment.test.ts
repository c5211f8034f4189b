import { type Environment, loadDefaults, loadEnvironment } from '@open4goods/environments';
import { ImageReference, selectorLabels } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { configurationChecksum, maximumStartupSeconds, renderXwikiDeployment } from './deployment.ts';
import { xwikiImage } from './images.ts';
import { xwikiDataClaimName, xwikiHttpPort, xwikiSelectorLabels, xwikiWorkload } from './names.ts';
import { renderXwikiConfigMaps } from './objects.ts';
import { allContainersOf, containerOf, deploymentOf, objectOf, podSpecOf } from './testing/render.ts';

const webInf = '/usr/local/tomcat/webapps/ROOT/WEB-INF';

function mountAt(environment: Environment, path: string) {
  return containerOf(podSpecOf(environment), 'xwiki').volumeMounts?.find((mount) => mount.mountPath === path);
}

function volumeOf(environment: Environment, volumeName: string | undefined) {
  return podSpecOf(environment).volumes?.find((volume) => volume.name === volumeName);
}

describe.each(['prod', 'staging'] as const)('XWiki Deployment in %s', (name) => {
  const environment = loadEnvironment(name);
  const deployment = deploymentOf(environment);
  const spec = deployment.spec!;
  const pod = podSpecOf(environment);
  const xwiki = containerOf(pod, 'xwiki');

  describe('shape', () => {
    it('runs exactly one replica, replaced with Recreate (the data volume is ReadWriteOnce)', () => {
      expect(spec.replicas).toBe(1);
      expect(spec.strategy).toEqual({ type: 'Recreate' });
      expect(deployment.metadata?.namespace).toBe(`open4goods-${name}`);
    });

    it('selects its own pods with the exported, version-free selector labels', () => {
      expect(spec.selector.matchLabels).toEqual(xwikiSelectorLabels);
      expect(xwikiSelectorLabels).toEqual(selectorLabels({ name: 'xwiki' }));
      expect(spec.template.metadata?.labels).toMatchObject(xwikiSelectorLabels);
      expect(Object.keys(xwikiSelectorLabels)).not.toContain('app.kubernetes.io/version');
    });

    it('is the workload other packages select for NetworkPolicies: its namespace and pod labels', () => {
      expect(xwikiWorkload(environment)).toEqual({ namespace: deployment.metadata?.namespace, podLabels: xwikiSelectorLabels });
      expect(spec.template.metadata?.labels).toMatchObject(xwikiWorkload(environment).podLabels);
    });

    it('runs catalina.sh run, so the entrypoint skips its first-start rewriting of WEB-INF', () => {
      expect(xwiki.args).toEqual(['catalina.sh', 'run']);
      expect(xwiki.command).toBeUndefined();
    });

    it('runs the xwiki 17.3.0 mysql-tomcat image in both containers', () => {
      for (const container of allContainersOf(pod)) {
        expect(ImageReference.parse({ reference: container.image!, file: 'test', constant: container.name }).tag).toBe('17.3.0-mysql-tomcat');
        expect(container.image).toMatch(/^xwiki:17\.3\.0-mysql-tomcat/);
      }
      expect(xwikiImage.reference).toMatch(/^xwiki:17\.3\.0-mysql-tomcat@sha256:[a-f0-9]{64}$/);
    });

    it('gives a slow first start time before Kubernetes reports the rollout as failed', () => {
      expect(spec.progressDeadlineSeconds).toBeGreaterThan(maximumStartupSeconds);
    });

    it('passes the kubernetes-models schema validation', () => {
      expect(() => deployment.validate()).not.toThrow();
    });
  });

  describe('configuration files', () => {
    it.each(['xwiki.cfg', 'xwiki.properties'])('mounts WEB-INF/%s read-only from the xwiki-config ConfigMap', (file) => {
      const mount = mountAt(environment, `${webInf}/${file}`);
      expect(mount).toMatchObject({ subPath: file, readOnly: true });
      expect(volumeOf(environment, mount?.name)?.configMap?.name).toBe('xwiki-config');
    });

    it('mounts WEB-INF/hibernate.cfg.xml read-only from the in-memory volume the init container writes', () => {
      const mount = mountAt(environment, `${webInf}/hibernate.cfg.xml`);
      expect(mount).toMatchObject({ subPath: 'hibernate.cfg.xml', readOnly: true });
      expect(volumeOf(environment, mount?.name)?.emptyDir?.medium).toBe('Memory');
      const init = containerOf(pod, 'render-hibernate-cfg');
      const initMount = init.volumeMounts?.find((candidate) => candidate.name === mount?.name);
      expect(initMount?.readOnly ?? false).toBe(false);
      const output = init.env?.find((variable) => variable.name === 'HIBERNATE_OUTPUT')?.value;
      expect(output).toBe(`${initMount?.mountPath}/${mount?.subPath}`);
    });

    it('runs the init container before XWiki, and only it sees the database password', () => {
      expect(pod.initContainers?.map((container) => container.name)).toEqual(['render-hibernate-cfg']);
      const secretVolumes = (pod.volumes ?? []).filter((volume) => volume.secret);
      expect(secretVolumes).toHaveLength(1);
      const secretVolume = secretVolumes[0]!;
      expect(secretVolume.secret).toMatchObject({ secretName: 'mysql-credentials', items: [{ key: 'user-password', path: 'password' }], defaultMode: 0o440 });
      const mountedBy = allContainersOf(pod).filter((container) => container.volumeMounts?.some((mount) => mount.name === secretVolume.name));
      expect(mountedBy.map((container) => container.name)).toEqual(['render-hibernate-cfg']);
      const init = containerOf(pod, 'render-hibernate-cfg');
      const mount = init.volumeMounts!.find((candidate) => candidate.name === secretVolume.name)!;
      expect(mount.readOnly).toBe(true);
      expect(init.env?.find((variable) => variable.name === 'DATABASE_PASSWORD_FILE')?.value).toBe(`${mount.mountPath}/password`);
    });

    it('changes the pod template when a configuration file changes, so the pod restarts', () => {
      const configMaps = renderXwikiConfigMaps(environment);
      const annotation = spec.template.metadata?.annotations?.['open4goods.org/config-sha256'];
      expect(annotation).toBe(configurationChecksum(configMaps));
      const edited = renderXwikiConfigMaps(environment);
      edited[0]!.data = { ...edited[0]!.data, 'xwiki.cfg': `${edited[0]!.data!['xwiki.cfg']}xwiki.readonly=yes\n` };
      expect(renderXwikiDeployment(environment, edited).spec!.template.metadata?.annotations?.['open4goods.org/config-sha256']).not.toBe(annotation);
    });
  });

  describe('storage', () => {
    it('mounts the xwiki-data claim at /usr/local/xwiki, writable', () => {
      const mount = mountAt(environment, '/usr/local/xwiki');
      expect(mount?.readOnly ?? false).toBe(false);
      expect(volumeOf(environment, mount?.name)?.persistentVolumeClaim?.claimName).toBe(xwikiDataClaimName);
      expect(objectOf(environment, 'PersistentVolumeClaim', xwikiDataClaimName)).toBeDefined();
    });

    it.each(['/usr/local/tomcat/temp', '/usr/local/tomcat/work', '/usr/local/tomcat/logs', '/usr/local/tomcat/conf/Catalina', '/tmp'])(
      'mounts a writable, size-limited emptyDir at %s',
      (path) => {
        const mount = mountAt(environment, path);
        expect(mount, path).toBeDefined();
        expect(mount?.readOnly ?? false).toBe(false);
        const emptyDir = volumeOf(environment, mount?.name)?.emptyDir;
        expect(emptyDir).toBeDefined();
        expect(emptyDir?.sizeLimit).toBeDefined();
      },
    );

    it('sets HOME to a writable emptyDir', () => {
      const home = xwiki.env?.find((variable) => variable.name === 'HOME')?.value;
      expect(home).toBe('/home/xwiki');
      const mount = mountAt(environment, home!);
      expect(mount?.readOnly ?? false).toBe(false);
      expect(volumeOf(environment, mount?.name)?.emptyDir).toBeDefined();
    });

    it('mounts every volume it declares, and declares every volume it mounts', () => {
      const volumeNames = (pod.volumes ?? []).map((volume) => volume.name);
      const mountedNames = allContainersOf(pod).flatMap((container) => (container.volumeMounts ?? []).map((mount) => mount.name));
      for (const mounted of mountedNames) expect(volumeNames).toContain(mounted);
      for (const declared of volumeNames) expect(mountedNames).toContain(declared);
      expect(new Set(volumeNames).size).toBe(volumeNames.length);
    });
  });

  describe('probes and resources', () => {
    it('serves HTTP on the named port 8080', () => {
      expect(xwiki.ports).toEqual([{ name: 'http', containerPort: xwikiHttpPort, protocol: 'TCP' }]);
    });

    it('is alive while /rest answers, ready while /rest/wikis/xwiki/spaces answers', () => {
      expect(xwiki.livenessProbe?.httpGet).toEqual({ path: '/rest', port: 'http' });
      expect(xwiki.readinessProbe?.httpGet).toEqual({ path: '/rest/wikis/xwiki/spaces', port: 'http' });
    });

    it('tolerates a first start of many minutes before liveness takes over', () => {
      const startup = xwiki.startupProbe!;
      expect(startup.httpGet).toEqual({ path: '/rest', port: 'http' });
      const toleratedSeconds = startup.periodSeconds! * startup.failureThreshold!;
      expect(toleratedSeconds).toBeGreaterThanOrEqual(15 * 60);
      expect(toleratedSeconds).toBe(maximumStartupSeconds);
    });

    it('does not let liveness kill a JVM that is busy for a moment', () => {
      const liveness = xwiki.livenessProbe!;
      expect(liveness.periodSeconds! * liveness.failureThreshold!).toBeGreaterThanOrEqual(60);
    });

    it('takes its resources from the environment', () => {
      expect(xwiki.resources).toEqual({
        requests: environment.xwiki.resources.requests,
        limits: { memory: environment.xwiki.resources.limits.memory },
      });
    });
  });
});

describe('the XWiki image per environment', () => {
  it('is pinned by digest in prod', () => {
    expect(containerOf(podSpecOf(loadEnvironment('prod')), 'xwiki').image).toBe(xwikiImage.reference);
    expect(containerOf(podSpecOf(loadEnvironment('prod')), 'xwiki').image).toMatch(/@sha256:[a-f0-9]{64}$/);
  });

  it('is the same reference in the base', () => {
    expect(containerOf(podSpecOf(loadDefaults()), 'xwiki').image).toBe(xwikiImage.reference);
  });
});
