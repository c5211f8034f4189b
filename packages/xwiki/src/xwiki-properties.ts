import { renderPropertiesFile } from './properties-file.ts';
import { xwikiPermanentDirectory } from './paths.ts';

/**
 * `WEB-INF/xwiki.properties`: the 17.3.0 WAR ships every key of `xwiki.properties.vm` commented
 * out; the image's entrypoint then sets the permanent directory to the data volume and starts
 * the office server with XWiki. Both edits are applied here because `catalina.sh run` skips the
 * entrypoint. The WAR's `extension.oldflavors` list only matters for wikis created with the
 * pre-7.1 XWiki Enterprise/Manager flavors and is left out.
 */
export function renderXwikiProperties(): string {
  return renderPropertiesFile(
    [
      'xwiki.properties of XWiki 17.3.0 (xwiki:17.3.0-mysql-tomcat), pre-rendered by',
      "packages/xwiki/src/xwiki-properties.ts: the image entrypoint's edits; every other key keeps XWiki's default.",
    ],
    [
      {
        title: 'Environment',
        settings: [
          {
            key: 'environment.permanentDirectory',
            value: xwikiPermanentDirectory,
            why: 'On the xwiki-data volume: attachments, extensions, the Solr index and caches survive restarts.',
          },
        ],
      },
      {
        title: 'Settings for the OpenOffice server instance consumed by the OfficeImporter component',
        settings: [{ key: 'openoffice.autoStart', value: 'true', why: 'As the image does: LibreOffice is installed in it for office imports and previews.' }],
      },
    ],
  );
}
