import { loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { xwikiHttpPort, xwikiTomcatConfigMapName } from './names.ts';
import { renderTomcatServerXml } from './server-xml.ts';
import { configMapFile, containerOf, podSpecOf } from './testing/render.ts';
import { attributesOf, childElements, onlyChild, parseXml } from './testing/xml.ts';

const document = parseXml(renderTomcatServerXml());
const server = onlyChild(document, 'Server');
const service = onlyChild(server, 'Service');
const engine = onlyChild(service, 'Engine');
const host = onlyChild(engine, 'Host');

describe('Tomcat server.xml', () => {
  it('is the file of the tomcat ConfigMap in both environments, mounted over conf/server.xml', () => {
    for (const name of ['prod', 'staging'] as const) {
      const environment = loadEnvironment(name);
      expect(configMapFile(environment, xwikiTomcatConfigMapName, 'server.xml')).toBe(renderTomcatServerXml());
      const mount = containerOf(podSpecOf(environment), 'xwiki').volumeMounts?.find((candidate) => candidate.mountPath === '/usr/local/tomcat/conf/server.xml');
      expect(mount).toMatchObject({ subPath: 'server.xml', readOnly: true });
      expect(podSpecOf(environment).volumes?.find((volume) => volume.name === mount?.name)?.configMap?.name).toBe(xwikiTomcatConfigMapName);
    }
  });

  it('serves plain HTTP/1.1 on the port the Service targets, with no other connector (no AJP)', () => {
    const connectors = childElements(service, 'Connector');
    expect(connectors).toHaveLength(1);
    expect(attributesOf(connectors[0]!)).toEqual({
      port: String(xwikiHttpPort),
      protocol: 'HTTP/1.1',
      connectionTimeout: '20000',
      redirectPort: '8443',
      maxParameterCount: '1000',
    });
  });

  it('trusts the proxy: RemoteIpValve first in the Engine, reading X-Forwarded-For and X-Forwarded-Proto', () => {
    const valves = childElements(engine, 'Valve');
    expect(valves).toHaveLength(1);
    expect(childElements(engine)[0]).toBe(valves[0]);
    expect(attributesOf(valves[0]!)).toEqual({
      className: 'org.apache.catalina.valves.RemoteIpValve',
      remoteIpHeader: 'X-Forwarded-For',
      protocolHeader: 'X-Forwarded-Proto',
      protocolHeaderHttpsValue: 'https',
    });
    // Tomcat's own list of internal proxies (the private ranges) decides whose headers count.
    expect(valves[0]!.hasAttribute('internalProxies')).toBe(false);
    expect(valves[0]!.hasAttribute('trustedProxies')).toBe(false);
  });

  it('has no shutdown port', () => {
    expect(attributesOf(server)).toEqual({ port: '-1', shutdown: 'SHUTDOWN' });
  });

  it("keeps the default listeners, user database realm and the webapps host that deploys ROOT", () => {
    expect(childElements(server, 'Listener').map((listener) => listener.getAttribute('className'))).toEqual([
      'org.apache.catalina.startup.VersionLoggerListener',
      'org.apache.catalina.core.AprLifecycleListener',
      'org.apache.catalina.core.JreMemoryLeakPreventionListener',
      'org.apache.catalina.mbeans.GlobalResourcesLifecycleListener',
      'org.apache.catalina.core.ThreadLocalLeakPreventionListener',
    ]);
    expect(onlyChild(onlyChild(server, 'GlobalNamingResources'), 'Resource').getAttribute('name')).toBe('UserDatabase');
    const realm = onlyChild(engine, 'Realm');
    expect(realm.getAttribute('className')).toBe('org.apache.catalina.realm.LockOutRealm');
    expect(onlyChild(realm, 'Realm').getAttribute('resourceName')).toBe('UserDatabase');
    expect(attributesOf(engine)).toEqual({ name: 'Catalina', defaultHost: 'localhost' });
    expect(attributesOf(host)).toEqual({ name: 'localhost', appBase: 'webapps', unpackWARs: 'true', autoDeploy: 'true' });
  });

  it('writes the access log into logs/ and deletes it after a week', () => {
    const accessLog = onlyChild(host, 'Valve');
    expect(attributesOf(accessLog)).toMatchObject({
      className: 'org.apache.catalina.valves.AccessLogValve',
      directory: 'logs',
      pattern: '%h %l %u %t "%r" %s %b',
      maxDays: '7',
    });
  });
});
