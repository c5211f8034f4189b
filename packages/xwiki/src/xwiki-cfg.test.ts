import { defineEnvironment, loadDefaults, loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { xwikiConfigMapName } from './names.ts';
import { parseJavaProperties } from './testing/java-properties.ts';
import { configMapFile } from './testing/render.ts';
import { renderXwikiCfg, xwikiCfgPlugins } from './xwiki-cfg.ts';

/**
 * The active settings of the 17.3.0 WAR's xwiki.cfg (xwiki.cfg.vm rendered with the distribution's
 * values), which the pre-rendered file must keep, besides the entrypoint's edits.
 */
const shippedSettings: Record<string, string> = {
  'xwiki.encoding': 'UTF-8',
  'xwiki.section.edit': '1',
  'xwiki.section.depth': '2',
  'xwiki.backlinks': '1',
  'xwiki.tags': '1',
  'xwiki.store.migration': '1',
  'xwiki.inactiveuser.allowedpages': '',
  'xwiki.authentication.cookiedomains': '',
  'xwiki.authentication.logoutpage': '(/|/[^/]+/|/wiki/[^/]+/)logout/*',
  'xwiki.editcomment': '1',
  'xwiki.editcomment.mandatory': '0',
  'xwiki.defaultskin': 'flamingo',
  'xwiki.defaultbaseskin': 'flamingo',
  'xwiki.plugin.image.cache.capacity': '30',
  'xwiki.stats.default': '0',
};

describe.each(['prod', 'staging'] as const)('xwiki.cfg in %s', (name) => {
  const environment = loadEnvironment(name);
  const text = configMapFile(environment, xwikiConfigMapName, 'xwiki.cfg');
  const settings = parseJavaProperties(text);

  it('is the file of the xwiki-config ConfigMap', () => {
    expect(text).toBe(renderXwikiCfg(environment));
  });

  it.each(Object.entries(shippedSettings))('keeps the shipped %s=%j', (key, value) => {
    expect(settings.get(key)).toBe(value);
  });

  it('sets the empty webapp path the entrypoint sets for a ROOT deployment', () => {
    expect(settings.has('xwiki.webapppath')).toBe(true);
    expect(settings.get('xwiki.webapppath')).toBe('');
  });

  it('activates the WAR plugins, among them attachment upload, XAR import and skin extensions', () => {
    const plugins = settings.get('xwiki.plugins')!.split(',').map((plugin) => plugin.trim());
    expect(plugins).toEqual([...xwikiCfgPlugins]);
    expect(plugins).toEqual(
      expect.arrayContaining([
        'com.xpn.xwiki.plugin.fileupload.FileUploadPlugin',
        'com.xpn.xwiki.plugin.packaging.PackagePlugin',
        'com.xpn.xwiki.plugin.skinx.JsSkinExtensionPlugin',
        'com.xpn.xwiki.plugin.skinx.CssSkinExtensionPlugin',
      ]),
    );
    expect(new Set(plugins).size).toBe(plugins.length);
  });

  it('leaves superadmin disabled and the main database at its default name', () => {
    expect(settings.has('xwiki.superadminpassword')).toBe(false);
    expect(environment.mysql.database).toBe('xwiki');
    expect(settings.has('xwiki.db')).toBe(false);
  });

  it('sets nothing else than the shipped settings, the webapp path and the plugins', () => {
    expect([...settings.keys()].sort()).toEqual([...Object.keys(shippedSettings), 'xwiki.webapppath', 'xwiki.plugins'].sort());
  });
});

describe('xwiki.cfg with another database name', () => {
  it('names the main wiki database with xwiki.db, as the entrypoint does when DB_DATABASE is not "xwiki"', () => {
    const environment = defineEnvironment('other-db', 'packages/environments/src/fixture.ts', { mysql: { database: 'wiki_main' } });
    const settings = parseJavaProperties(renderXwikiCfg(environment));
    expect(settings.get('xwiki.db')).toBe('wiki_main');
  });

  it('renders the same file for the base as for staging, whose database is also "xwiki"', () => {
    expect(renderXwikiCfg(loadDefaults())).toBe(renderXwikiCfg(loadEnvironment('staging')));
  });
});
