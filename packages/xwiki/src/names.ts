import type { Environment } from '@open4goods/environments';
import { type WorkloadSelector, selectorLabels } from '@open4goods/kit';

/**
 * Names other packages rely on (backups call XWiki's export action, NetworkPolicies open the
 * ingress controller's path to it, monitors select its pods). Import them instead of repeating
 * the strings, so a rename breaks the build, not production.
 */
export const xwikiName = 'xwiki';
/** The ClusterIP Service in front of Tomcat. */
export const xwikiServiceName = 'xwiki';
export const xwikiHttpPort = 8080;
export const xwikiHttpPortName = 'http';
/** Labels that select the XWiki pod (stable: a Deployment's selector is immutable). */
export const xwikiSelectorLabels: Readonly<Record<string, string>> = selectorLabels({ name: xwikiName });

/** The XWiki pods of an environment, for NetworkPolicies of other packages. */
export function xwikiWorkload(environment: Environment): WorkloadSelector {
  return { namespace: environment.appNamespace, podLabels: xwikiSelectorLabels };
}

/** ReadWriteOnce volume holding `/usr/local/xwiki` (the permanent directory is its `data/`). */
export const xwikiDataClaimName = 'xwiki-data';

/**
 * An XWiki account with wiki admin rights, for automation that calls XWiki over HTTP (the backup
 * job's XAR export). Declared in the secret contract, never rendered; the account itself is
 * created in XWiki by an operator (docs/runbooks/xwiki.md).
 */
export const xwikiAdminCredentialsSecretName = 'xwiki-admin-credentials';
export const xwikiAdminCredentialKeys = {
  username: 'username',
  password: 'password',
} as const;

/** The Secret cert-manager writes the Ingress certificate into. */
export const xwikiTlsSecretName = 'xwiki-tls';
export const xwikiConfigMapName = 'xwiki-config';
export const xwikiTomcatConfigMapName = 'xwiki-tomcat-config';
/** hibernate.cfg.xml without the password, and the script the init container renders it with. */
export const xwikiHibernateTemplateConfigMapName = 'xwiki-hibernate-template';
