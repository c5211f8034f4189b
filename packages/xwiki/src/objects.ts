import type { Environment } from '@open4goods/environments';
import { type SecretRequirement, ingressClassName, neverPrunedByFlux, standardLabels, storageClassNames, tlsIngressAnnotations } from '@open4goods/kit';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1/Ingress';
import { renderHibernateTemplate } from './hibernate-cfg.ts';
import { hibernateRenderScript, hibernateRenderScriptFileName } from './hibernate-render-script.ts';
import {
  xwikiAdminCredentialKeys,
  xwikiAdminCredentialsSecretName,
  xwikiConfigMapName,
  xwikiDataClaimName,
  xwikiHibernateTemplateConfigMapName,
  xwikiHttpPort,
  xwikiHttpPortName,
  xwikiName,
  xwikiSelectorLabels,
  xwikiServiceName,
  xwikiTlsSecretName,
  xwikiTomcatConfigMapName,
} from './names.ts';
import { renderTomcatServerXml } from './server-xml.ts';
import { renderXwikiCfg } from './xwiki-cfg.ts';
import { renderXwikiProperties } from './xwiki-properties.ts';

/** The unit that carries XWiki (and its secret). */
export const xwikiUnitName = 'wiki';

export const xwikiLabels = () => standardLabels({ name: xwikiName, component: 'wiki' });

/** Where each file goes: key of the ConfigMap → file name in the container. */
export const configurationFiles = {
  xwikiCfg: 'xwiki.cfg',
  xwikiProperties: 'xwiki.properties',
  serverXml: 'server.xml',
  hibernateTemplate: 'hibernate.cfg.xml',
} as const;

export function renderXwikiServiceAccount(environment: Environment): ServiceAccount {
  return new ServiceAccount({
    metadata: { name: xwikiName, namespace: environment.appNamespace, labels: xwikiLabels() },
    automountServiceAccountToken: false,
  });
}

/** The pre-rendered configuration: nothing secret, so ConfigMaps. */
export function renderXwikiConfigMaps(environment: Environment): ConfigMap[] {
  const metadata = (name: string) => ({ name, namespace: environment.appNamespace, labels: xwikiLabels() });
  return [
    new ConfigMap({
      metadata: metadata(xwikiConfigMapName),
      data: { [configurationFiles.xwikiCfg]: renderXwikiCfg(environment), [configurationFiles.xwikiProperties]: renderXwikiProperties() },
    }),
    new ConfigMap({ metadata: metadata(xwikiTomcatConfigMapName), data: { [configurationFiles.serverXml]: renderTomcatServerXml() } }),
    new ConfigMap({
      metadata: metadata(xwikiHibernateTemplateConfigMapName),
      data: { [configurationFiles.hibernateTemplate]: renderHibernateTemplate(environment), [hibernateRenderScriptFileName]: hibernateRenderScript },
    }),
  ];
}

/** ClusterIP only: the Ingress is the way in from outside. */
export function renderXwikiService(environment: Environment): Service {
  return new Service({
    metadata: { name: xwikiServiceName, namespace: environment.appNamespace, labels: xwikiLabels() },
    spec: {
      type: 'ClusterIP',
      selector: { ...xwikiSelectorLabels },
      ports: [{ name: xwikiHttpPortName, port: xwikiHttpPort, targetPort: xwikiHttpPortName, protocol: 'TCP' }],
    },
  });
}

/**
 * The data volume (`/usr/local/xwiki`). A standalone claim, not a Deployment template: it
 * outlives the Deployment, and Flux never prunes it, even if it disappears from git.
 */
export function renderXwikiDataClaim(environment: Environment): PersistentVolumeClaim {
  return new PersistentVolumeClaim({
    metadata: {
      name: xwikiDataClaimName,
      namespace: environment.appNamespace,
      labels: xwikiLabels(),
      annotations: { ...neverPrunedByFlux },
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      storageClassName: storageClassNames.general,
      resources: { requests: { storage: environment.xwiki.storageSize } },
    },
  });
}

/**
 * The public entry: TLS for the environment's FQDN from its ClusterIssuer, HTTP redirected to
 * HTTPS. The annotations are those of the NGINX Ingress Controller (nginx.org) behind the
 * `nginx` class. That controller serves one Ingress per host, so cert-manager adds its HTTP-01
 * challenge path to this Ingress instead of creating a second one, and issues a temporary
 * certificate first so the challenge survives the redirect to HTTPS.
 */
export function renderXwikiIngress(environment: Environment): Ingress {
  const host = environment.decisions.fqdn.value.xwiki;
  return new Ingress({
    metadata: {
      name: xwikiName,
      namespace: environment.appNamespace,
      labels: xwikiLabels(),
      annotations: {
        ...tlsIngressAnnotations(environment),
        'nginx.org/ssl-redirect': 'true',
        // The controller-wide limit (ingress.clientMaxBodySize); XWiki's own upload limit
        // (Administration > Editing > "Maximum upload size") must stay at or below it.
        'nginx.org/client-max-body-size': environment.ingress.clientMaxBodySize,
        // XWiki answers an attachment upload or a XAR import only once it is stored.
        'nginx.org/proxy-read-timeout': '300s',
      },
    },
    spec: {
      ingressClassName,
      tls: [{ hosts: [host], secretName: xwikiTlsSecretName }],
      rules: [
        {
          host,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: xwikiServiceName, port: { name: xwikiHttpPortName } } } }] },
        },
      ],
    },
  });
}

/** The Secrets XWiki's unit needs from the environment's secret backend (the database one is MySQL's). */
export function xwikiSecretRequirements(environment: Environment): SecretRequirement[] {
  return [
    {
      unit: xwikiUnitName,
      name: xwikiAdminCredentialsSecretName,
      namespace: environment.appNamespace,
      description: 'XWiki account with wiki admin rights, used by automation (XAR export for backups)',
      keys: [
        { name: xwikiAdminCredentialKeys.username, description: 'XWiki user name of the admin account, e.g. Admin' },
        { name: xwikiAdminCredentialKeys.password, description: 'its password' },
      ],
    },
  ];
}
