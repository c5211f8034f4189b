import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { mysqlPort, mysqlServiceName } from '@open4goods/mysql';
import { describe, expect, it } from 'vitest';
import { databasePasswordPlaceholder, renderHibernateTemplate, xwikiJdbcUrl } from './hibernate-cfg.ts';
import { xwikiHibernateTemplateConfigMapName } from './names.ts';
import { configMapFile } from './testing/render.ts';
import { hibernatePropertiesOf } from './testing/hibernate.ts';
import { attributesOf, childElements, onlyChild, parseXml } from './testing/xml.ts';

describe.each(['prod', 'staging'] as const)('the hibernate.cfg.xml template in %s', (name) => {
  const environment = loadEnvironment(name);
  const xml = configMapFile(environment, xwikiHibernateTemplateConfigMapName, 'hibernate.cfg.xml');
  const properties = hibernatePropertiesOf(xml);

  it('is well-formed XML with the Hibernate 3.0 configuration DOCTYPE', () => {
    const document = parseXml(xml);
    expect(document.doctype?.name).toBe('hibernate-configuration');
    // The parser keeps the quotes of the DOCTYPE's identifiers.
    expect(document.doctype?.publicId?.replaceAll('"', '')).toBe('-//Hibernate/Hibernate Configuration DTD//EN');
    expect(document.doctype?.systemId?.replaceAll('"', '')).toBe('http://www.hibernate.org/dtd/hibernate-configuration-3.0.dtd');
    expect(xml).toBe(renderHibernateTemplate(environment));
  });

  it('connects with the MySQL Connector/J driver through the mysql Service to the environment database', () => {
    expect(properties.get('connection.driver_class')).toBe('com.mysql.cj.jdbc.Driver');
    const url = properties.get('connection.url')!;
    expect(url).toBe(xwikiJdbcUrl(environment));
    const parsed = new URL(url.replace(/^jdbc:/, ''));
    expect(parsed.protocol).toBe('mysql:');
    expect(parsed.hostname).toBe(mysqlServiceName);
    expect(Number(parsed.port)).toBe(mysqlPort);
    expect(parsed.pathname).toBe(`/${environment.mysql.database}`);
    expect(Object.fromEntries(parsed.searchParams)).toEqual({ useSSL: 'false', connectionTimeZone: 'LOCAL', allowPublicKeyRetrieval: 'true' });
  });

  it('logs in as the environment user, with the password left as the placeholder', () => {
    expect(properties.get('connection.username')).toBe(environment.mysql.user);
    expect(properties.get('connection.password')).toBe(databasePasswordPlaceholder);
    expect(xml.split(databasePasswordPlaceholder)).toHaveLength(2);
  });

  it("keeps the image's pool, statement cache and encoding settings", () => {
    expect(Object.fromEntries([...properties].filter(([key]) => key.startsWith('dbcp.') || key.startsWith('hibernate.connection.')))).toEqual({
      'dbcp.defaultAutoCommit': 'false',
      'dbcp.maxTotal': '50',
      'dbcp.maxIdle': '5',
      'dbcp.maxWaitMillis': '30000',
      'dbcp.poolPreparedStatements': 'true',
      'dbcp.maxOpenPreparedStatements': '20',
      'hibernate.connection.charSet': 'UTF-8',
      'hibernate.connection.useUnicode': 'true',
      'hibernate.connection.characterEncoding': 'utf8',
    });
    expect(properties.get('connection.provider_class')).toBe('com.xpn.xwiki.store.DBCPConnectionProvider');
  });

  it('pools fewer connections than MySQL accepts', () => {
    expect(Number(properties.get('dbcp.maxTotal'))).toBeLessThan(environment.mysql.maxConnections);
  });

  it("loads the image's mapping files", () => {
    const sessionFactory = onlyChild(onlyChild(parseXml(xml), 'hibernate-configuration'), 'session-factory');
    expect(childElements(sessionFactory, 'mapping').map((mapping) => attributesOf(mapping))).toEqual([
      { resource: 'xwiki.hbm.xml' },
      { resource: 'feeds.hbm.xml' },
      { resource: 'instance.hbm.xml' },
      { resource: 'notification-filter-preferences.hbm.xml' },
      { resource: 'mailsender.hbm.xml' },
    ]);
  });

  it("leaves none of the image's replace* placeholders", () => {
    expect(xml).not.toMatch(/replace(user|password|container|database|jdbcparams)/);
  });
});

describe('the JDBC URL', () => {
  it('follows the environment database name', () => {
    const environment = defineEnvironment('other-db', 'packages/environments/src/fixture.ts', { mysql: { database: 'wiki_main', user: 'wiki' } });
    const properties = hibernatePropertiesOf(renderHibernateTemplate(environment));
    expect(properties.get('connection.url')).toMatch(/^jdbc:mysql:\/\/mysql:3306\/wiki_main\?/);
    expect(properties.get('connection.username')).toBe('wiki');
  });
});
