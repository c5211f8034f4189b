import type { Environment } from '@open4goods/environments';
import { type PropertySection, renderPropertiesFile } from './properties-file.ts';

/** The main wiki's database name XWiki assumes when `xwiki.db` is not set. */
export const xwikiDefaultDatabaseName = 'xwiki';

/**
 * The plugins the 17.x WAR activates in xwiki.cfg (`$xwikiCfgPlugins` of the distribution build).
 * Without them the wiki loses skin extensions, attachment upload, XAR import and the scheduler.
 */
export const xwikiCfgPlugins = [
  'com.xpn.xwiki.monitor.api.MonitorPlugin',
  'com.xpn.xwiki.plugin.skinx.JsSkinExtensionPlugin',
  'com.xpn.xwiki.plugin.skinx.JsSkinFileExtensionPlugin',
  'com.xpn.xwiki.plugin.skinx.JsResourceSkinExtensionPlugin',
  'com.xpn.xwiki.plugin.skinx.CssSkinExtensionPlugin',
  'com.xpn.xwiki.plugin.skinx.CssSkinFileExtensionPlugin',
  'com.xpn.xwiki.plugin.skinx.CssResourceSkinExtensionPlugin',
  'com.xpn.xwiki.plugin.skinx.LinkExtensionPlugin',
  'com.xpn.xwiki.plugin.feed.FeedPlugin',
  'com.xpn.xwiki.plugin.mail.MailPlugin',
  'com.xpn.xwiki.plugin.packaging.PackagePlugin',
  'com.xpn.xwiki.plugin.fileupload.FileUploadPlugin',
  'com.xpn.xwiki.plugin.image.ImagePlugin',
  'com.xpn.xwiki.plugin.rightsmanager.RightsManagerPlugin',
  'com.xpn.xwiki.plugin.jodatime.JodaTimePlugin',
  'com.xpn.xwiki.plugin.scheduler.SchedulerPlugin',
  'com.xpn.xwiki.plugin.mailsender.MailSenderPlugin',
  'com.xpn.xwiki.plugin.tag.TagPlugin',
  'com.xpn.xwiki.plugin.zipexplorer.ZipExplorerPlugin',
] as const;

/**
 * `WEB-INF/xwiki.cfg`: the settings the 17.3.0 WAR ships active (its file is generated from
 * xwiki-platform's `xwiki.cfg.vm`), plus the edits the image's entrypoint makes at first start,
 * which `catalina.sh run` skips: `xwiki.webapppath=` (the webapp is ROOT) and `xwiki.db` when the
 * database is not named "xwiki". The shipped file's commented-out lines are not repeated: a key
 * absent here takes XWiki's built-in default, exactly as a commented line does.
 */
export function renderXwikiCfg(environment: Environment): string {
  const database = environment.mysql.database;
  const sections: PropertySection[] = [
    {
      title: 'General wiki settings',
      settings: [
        { key: 'xwiki.encoding', value: 'UTF-8' },
        { key: 'xwiki.section.edit', value: '1' },
        { key: 'xwiki.section.depth', value: '2' },
        { key: 'xwiki.backlinks', value: '1' },
        { key: 'xwiki.tags', value: '1' },
      ],
    },
    {
      title: 'Storage',
      settings:
        database === xwikiDefaultDatabaseName
          ? []
          : [{ key: 'xwiki.db', value: database, why: `The main wiki's database is ${environment.sourceFile}: mysql.database (the entrypoint sets this when DB_DATABASE is not "xwiki").` }],
    },
    { title: 'Data migrations and schema updates', settings: [{ key: 'xwiki.store.migration', value: '1' }] },
    {
      title: 'URLs',
      settings: [{ key: 'xwiki.webapppath', value: '', why: 'XWiki is deployed as ROOT: the webapp path must be empty (set by the image entrypoint).' }],
    },
    { title: 'Users', settings: [{ key: 'xwiki.inactiveuser.allowedpages', value: '' }] },
    {
      title: 'Authentication and authorization',
      settings: [
        { key: 'xwiki.authentication.cookiedomains', value: '' },
        { key: 'xwiki.authentication.logoutpage', value: '(/|/[^/]+/|/wiki/[^/]+/)logout/*' },
      ],
    },
    {
      title: 'Editing',
      settings: [
        { key: 'xwiki.editcomment', value: '1' },
        { key: 'xwiki.editcomment.mandatory', value: '0' },
      ],
    },
    {
      title: 'Skins & Templates configuration',
      settings: [
        { key: 'xwiki.defaultskin', value: 'flamingo' },
        { key: 'xwiki.defaultbaseskin', value: 'flamingo' },
      ],
    },
    { title: 'Plugin Mechanism', settings: [{ key: 'xwiki.plugins', value: xwikiCfgPlugins }] },
    { title: 'Image Plugin', settings: [{ key: 'xwiki.plugin.image.cache.capacity', value: '30' }] },
    { title: 'Statistics Plugin', settings: [{ key: 'xwiki.stats.default', value: '0' }] },
  ];
  return renderPropertiesFile(
    [
      'xwiki.cfg of XWiki 17.3.0 (xwiki:17.3.0-mysql-tomcat), pre-rendered by packages/xwiki/src/xwiki-cfg.ts:',
      "the WAR's active settings plus the image entrypoint's edits. Superadmin stays disabled.",
    ],
    sections,
  );
}
