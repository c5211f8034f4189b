import { defineComponent } from '@open4goods/kit';
import { renderXwikiDeployment } from './deployment.ts';
import {
  renderXwikiConfigMaps,
  renderXwikiDataClaim,
  renderXwikiIngress,
  renderXwikiService,
  renderXwikiServiceAccount,
  xwikiSecretRequirements,
  xwikiUnitName,
} from './objects.ts';

export * from './names.ts';
export { xwikiImage } from './images.ts';
export { xwikiUnitName } from './objects.ts';
export { xwikiUid } from './deployment.ts';
export { xwikiPermanentDirectory, xwikiVolumePath } from './paths.ts';

/** XWiki 17.3 on Tomcat, on the MySQL of the mysql component, behind the TLS Ingress. */
export default defineComponent({
  name: 'xwiki',
  layer: 'apps',
  sourceDirectory: 'packages/xwiki',
  units: [
    {
      name: xwikiUnitName,
      // The database, its user and the credentials Secret come first (and the namespace with them).
      dependsOn: ['mysql/database'],
      render: (environment) => {
        const configMaps = renderXwikiConfigMaps(environment);
        return [
          renderXwikiServiceAccount(environment),
          ...configMaps,
          renderXwikiDataClaim(environment),
          renderXwikiService(environment),
          renderXwikiDeployment(environment, configMaps),
          renderXwikiIngress(environment),
        ];
      },
      // A first start (schema, extensions, Solr index) takes many minutes before the pod is ready.
      timeout: '30m',
    },
  ],
  secrets: xwikiSecretRequirements,
});
