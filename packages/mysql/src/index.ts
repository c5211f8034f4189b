import { defineComponent } from '@open4goods/kit';
import { mysqlSecretRequirements, renderAppNamespace, renderMysqlConfigMaps, renderMysqlServiceAccount, renderMysqlServices } from './objects.ts';
import { mysqlUnitName } from './names.ts';
import { renderMysqlStatefulSet } from './statefulset.ts';

export * from './names.ts';
export * from './selectors.ts';
export { mysqlImage, mysqldExporterImage } from './images.ts';
export { mysqlStorageClassName, mysqlImageFor } from './statefulset.ts';

/** MySQL 8.4 LTS, the database of XWiki, with the namespace of the Open4Goods applications. */
export default defineComponent({
  name: 'mysql',
  layer: 'apps',
  sourceDirectory: 'packages/mysql',
  units: [
    {
      name: mysqlUnitName,
      render: (environment) => [
        renderAppNamespace(environment),
        renderMysqlServiceAccount(environment),
        ...renderMysqlConfigMaps(environment),
        ...renderMysqlServices(environment),
        renderMysqlStatefulSet(environment),
      ],
      // A first start initialises the data directory before the readiness probe can pass.
      timeout: '15m',
    },
  ],
  secrets: mysqlSecretRequirements,
});
export { mysqlSmokeAccount, smokeAccountStatements } from './smoke-account.ts';
