import { xwikiHttpPort } from './names.ts';
import { xmlAttributes } from './xml.ts';

/**
 * Trusts the ingress controller's forwarded headers, so that behind the TLS-terminating proxy
 * request.getScheme() is "https", isSecure() is true, the server port is 443 and getRemoteAddr()
 * is the client's: XWiki builds its absolute URLs and redirects from these. Tomcat's default
 * `internalProxies` (loopback, link-local and the private ranges, where the cluster's pod
 * addresses are) decides whose headers are believed; NetworkPolicies let only the ingress
 * controller reach Tomcat.
 */
export const remoteIpValveAttributes = {
  className: 'org.apache.catalina.valves.RemoteIpValve',
  remoteIpHeader: 'X-Forwarded-For',
  protocolHeader: 'X-Forwarded-Proto',
  protocolHeaderHttpsValue: 'https',
} as const;

const element = (name: string, attributes: Readonly<Record<string, string | number>>) => `<${name} ${xmlAttributes(attributes)} />`;

/**
 * `conf/server.xml`: Tomcat 10.1's default (the one the tomcat:10 base image ships; comments and
 * commented-out examples left out) with three changes, each marked below: the RemoteIpValve,
 * no shutdown port, and access logs that are deleted after a week.
 */
export function renderTomcatServerXml(): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    "<!-- Tomcat 10.1's default server.xml with the changes of packages/xwiki/src/server-xml.ts. -->",
    '<!-- Changed: no shutdown port (-1 instead of 8005). Kubernetes stops Tomcat with SIGTERM; nothing may stop it over a socket. -->',
    `<Server ${xmlAttributes({ port: -1, shutdown: 'SHUTDOWN' })}>`,
    `  ${element('Listener', { className: 'org.apache.catalina.startup.VersionLoggerListener' })}`,
    `  ${element('Listener', { className: 'org.apache.catalina.core.AprLifecycleListener' })}`,
    `  ${element('Listener', { className: 'org.apache.catalina.core.JreMemoryLeakPreventionListener' })}`,
    `  ${element('Listener', { className: 'org.apache.catalina.mbeans.GlobalResourcesLifecycleListener' })}`,
    `  ${element('Listener', { className: 'org.apache.catalina.core.ThreadLocalLeakPreventionListener' })}`,
    '  <GlobalNamingResources>',
    `    ${element('Resource', {
      name: 'UserDatabase',
      auth: 'Container',
      type: 'org.apache.catalina.UserDatabase',
      description: 'User database that can be updated and saved',
      factory: 'org.apache.catalina.users.MemoryUserDatabaseFactory',
      pathname: 'conf/tomcat-users.xml',
    })}`,
    '  </GlobalNamingResources>',
    `  <Service ${xmlAttributes({ name: 'Catalina' })}>`,
    `    ${element('Connector', { port: xwikiHttpPort, protocol: 'HTTP/1.1', connectionTimeout: 20000, redirectPort: 8443, maxParameterCount: 1000 })}`,
    `    <Engine ${xmlAttributes({ name: 'Catalina', defaultHost: 'localhost' })}>`,
    '      <!-- Added: believe the ingress controller about the client address and the https scheme. -->',
    `      ${element('Valve', remoteIpValveAttributes)}`,
    `      <Realm ${xmlAttributes({ className: 'org.apache.catalina.realm.LockOutRealm' })}>`,
    `        ${element('Realm', { className: 'org.apache.catalina.realm.UserDatabaseRealm', resourceName: 'UserDatabase' })}`,
    '      </Realm>',
    `      <Host ${xmlAttributes({ name: 'localhost', appBase: 'webapps', unpackWARs: 'true', autoDeploy: 'true' })}>`,
    '        <!-- Changed: maxDays, so rotated access logs do not fill the logs volume. -->',
    `        ${element('Valve', {
      className: 'org.apache.catalina.valves.AccessLogValve',
      directory: 'logs',
      prefix: 'localhost_access_log',
      suffix: '.txt',
      pattern: '%h %l %u %t "%r" %s %b',
      maxDays: 7,
    })}`,
    '      </Host>',
    '    </Engine>',
    '  </Service>',
    '</Server>',
    '',
  ].join('\n');
}
