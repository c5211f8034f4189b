import { writeFileSync } from 'node:fs';
import type { KeyPair } from './certificates.ts';

/**
 * A kubeconfig (YAML is a superset of JSON) for one client certificate against the API server,
 * with file references, for kubectl and for every component of the control plane.
 */
export function writeKubeconfig(path: string, server: string, caCertificate: string, client: KeyPair): string {
  const name = 'o4g-e2e';
  writeFileSync(
    path,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name, cluster: { server, 'certificate-authority': caCertificate } }],
      users: [{ name, user: { 'client-certificate': client.certificate, 'client-key': client.key } }],
      contexts: [{ name, context: { cluster: name, user: name } }],
      'current-context': name,
    }, null, 2),
  );
  return path;
}
