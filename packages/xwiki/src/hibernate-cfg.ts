import type { Environment } from '@open4goods/environments';
import { mysqlPort, mysqlServiceName } from '@open4goods/mysql';
import { escapeXmlText, xmlAttributes } from './xml.ts';

/**
 * What the template holds where the password goes. The init container replaces it with the
 * password read from the Secret (hibernate-render-script.ts); it contains no XML special character.
 */
export const databasePasswordPlaceholder = '@@XWIKI_DATABASE_PASSWORD@@';

/**
 * The image entrypoint's default `JDBC_PARAMS`: the server's time zone handling of MySQL 8 made
 * local, and the RSA key exchange that caching_sha2_password needs on a connection without TLS.
 */
export const jdbcParameters = { useSSL: 'false', connectionTimeZone: 'LOCAL', allowPublicKeyRetrieval: 'true' } as const;

/** The JDBC URL of the main wiki's database, through the mysql Service. */
export function xwikiJdbcUrl(environment: Environment): string {
  const query = Object.entries(jdbcParameters)
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  return `jdbc:mysql://${mysqlServiceName}:${mysqlPort}/${environment.mysql.database}?${query}`;
}

/**
 * The session-factory properties of the image's MySQL `hibernate.cfg.xml`
 * (xwiki-docker 17/mysql-tomcat/xwiki/hibernate.cfg.xml), in its order, with the values its
 * entrypoint would substitute for `replacecontainer`, `replacedatabase`, `replacejdbcparams` and
 * `replaceuser`; the password stays a placeholder.
 */
export function hibernateProperties(environment: Environment): ReadonlyArray<readonly [string, string]> {
  return [
    ['show_sql', 'false'],
    ['use_outer_join', 'true'],
    // Without it some queries fail in MS SQL; XWiki does not need scrollable result sets.
    ['jdbc.use_scrollable_resultset', 'false'],
    ['dbcp.defaultAutoCommit', 'false'],
    ['dbcp.maxTotal', '50'],
    ['dbcp.maxIdle', '5'],
    ['dbcp.maxWaitMillis', '30000'],
    ['connection.provider_class', 'com.xpn.xwiki.store.DBCPConnectionProvider'],
    ['connection.url', xwikiJdbcUrl(environment)],
    ['connection.username', environment.mysql.user],
    ['connection.password', databasePasswordPlaceholder],
    ['connection.driver_class', 'com.mysql.cj.jdbc.Driver'],
    ['dbcp.poolPreparedStatements', 'true'],
    ['dbcp.maxOpenPreparedStatements', '20'],
    ['hibernate.connection.charSet', 'UTF-8'],
    ['hibernate.connection.useUnicode', 'true'],
    ['hibernate.connection.characterEncoding', 'utf8'],
  ];
}

/** The Hibernate mapping files the image's configuration loads. */
export const hibernateMappingResources = [
  'xwiki.hbm.xml',
  'feeds.hbm.xml',
  'instance.hbm.xml',
  'notification-filter-preferences.hbm.xml',
  'mailsender.hbm.xml',
] as const;

/**
 * `WEB-INF/hibernate.cfg.xml` for MySQL without the password: safe for a ConfigMap. The pod's
 * init container writes the real file into an in-memory volume at start.
 */
export function renderHibernateTemplate(environment: Environment): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!-- hibernate.cfg.xml of xwiki:17.3.0-mysql-tomcat for MySQL, pre-rendered by packages/xwiki/src/hibernate-cfg.ts.',
    '     The init container puts the database password from the Secret into connection.password at pod start. -->',
    '<!DOCTYPE hibernate-configuration PUBLIC',
    '  "-//Hibernate/Hibernate Configuration DTD//EN"',
    '  "http://www.hibernate.org/dtd/hibernate-configuration-3.0.dtd">',
    '<hibernate-configuration>',
    '  <session-factory>',
    ...hibernateProperties(environment).map(([name, value]) => `    <property ${xmlAttributes({ name })}>${escapeXmlText(value)}</property>`),
    ...hibernateMappingResources.map((resource) => `    <mapping ${xmlAttributes({ resource })}/>`),
    '  </session-factory>',
    '</hibernate-configuration>',
    '',
  ].join('\n');
}
