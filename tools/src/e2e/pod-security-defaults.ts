import { writeFileSync } from 'node:fs';

/**
 * The API server's admission configuration: the PodSecurity plugin's cluster defaults. A Namespace
 * without labels is held to `restricted` at the API server's own version, as the Pod Security
 * checker holds a chart's pods in a namespace the platform does not render
 * (tools/src/pod-security/namespace-enforcement.ts); no user, namespace or RuntimeClass is exempt.
 * Our Namespaces carry their own labels (kit's renderNamespace), which take precedence.
 */
export function writeAdmissionConfiguration(path: string): string {
  const podSecurity = {
    apiVersion: 'pod-security.admission.config.k8s.io/v1',
    kind: 'PodSecurityConfiguration',
    defaults: { enforce: 'restricted', 'enforce-version': 'latest', audit: 'restricted', 'audit-version': 'latest', warn: 'restricted', 'warn-version': 'latest' },
    exemptions: { usernames: [], runtimeClasses: [], namespaces: [] },
  };
  writeFileSync(path, JSON.stringify({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AdmissionConfiguration', plugins: [{ name: 'PodSecurity', configuration: podSecurity }] }, null, 2));
  return path;
}

/**
 * The admission plugins of a production API server: kube-apiserver 1.37's defaults (its
 * `--enable-admission-plugins` help lists them; PodSecurity is one), named so that none goes
 * missing silently, and NodeRestriction, which kubeadm adds.
 */
export const admissionPlugins = [
  'NamespaceLifecycle',
  'LimitRanger',
  'ServiceAccount',
  'TaintNodesByCondition',
  'PodSecurity',
  'Priority',
  'DefaultTolerationSeconds',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'PodGroupProtection',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'ClusterTrustBundleAttest',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'PodTopologyLabels',
  'NodeDeclaredFeatureValidator',
  'PodResizeValidator',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
  'NodeRestriction',
] as const;
