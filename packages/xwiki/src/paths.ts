/**
 * Where things live inside the `xwiki:*-mysql-tomcat` image (xwiki/xwiki-docker Dockerfile and
 * its tomcat:10 base). Everything the image writes at run time is listed here, because the root
 * filesystem is read-only: each writable path is a volume.
 */
export const tomcatHome = '/usr/local/tomcat';
/** The webapp is deployed as ROOT, so XWiki is served at `/`. */
export const webInfDirectory = `${tomcatHome}/webapps/ROOT/WEB-INF`;
export const tomcatServerXmlPath = `${tomcatHome}/conf/server.xml`;

/** Tomcat's writable directories: java.io.tmpdir, the servlet work dir (XWiki's temporary directory), logs. */
export const tomcatTempDirectory = `${tomcatHome}/temp`;
export const tomcatWorkDirectory = `${tomcatHome}/work`;
export const tomcatLogsDirectory = `${tomcatHome}/logs`;
/** Tomcat's Host creates `conf/Catalina/localhost` at start. */
export const tomcatHostConfigDirectory = `${tomcatHome}/conf/Catalina`;

/** The image's VOLUME: the PVC is mounted here. */
export const xwikiVolumePath = '/usr/local/xwiki';
/** XWiki's permanent directory (attachments store, extensions, Solr index, caches). */
export const xwikiPermanentDirectory = `${xwikiVolumePath}/data`;

/** HOME of the non-root user: Java's user.home, fontconfig and LibreOffice write below it. */
export const homeDirectory = '/home/xwiki';

/** The in-memory volume holding the rendered hibernate.cfg.xml (it carries the database password). */
export const renderedConfigurationDirectory = '/run/xwiki-config';
export const hibernateTemplateDirectory = '/etc/xwiki-hibernate-template';
export const databasePasswordDirectory = '/run/secrets/xwiki-database';
export const databasePasswordFileName = 'password';
