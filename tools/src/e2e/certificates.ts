import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate and its private key, as PEM files. */
export interface KeyPair {
  readonly certificate: string;
  readonly key: string;
}

/** Who a client certificate says it is: Kubernetes reads the user from CN and the groups from O. */
export interface ClientIdentity {
  readonly user: string;
  readonly groups?: readonly string[];
}

export interface ControlPlanePki {
  readonly ca: KeyPair;
  /** A serving certificate per server name, for 127.0.0.1 and the API server's in-cluster names. */
  readonly servers: Readonly<Record<string, KeyPair>>;
  /** The key pair kube-apiserver verifies service-account tokens with and kube-controller-manager signs them with. */
  readonly serviceAccount: { readonly publicKey: string; readonly privateKey: string };
  /** A client certificate per name, signed by the CA. */
  readonly clients: Readonly<Record<string, KeyPair>>;
}

const openssl = (args: readonly string[]): void => {
  execFileSync('openssl', [...args], { stdio: ['ignore', 'ignore', 'pipe'] });
};

// P-256 keys: generated in milliseconds, accepted by every component for TLS and for service-account tokens (ES256).
const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
// The run lasts minutes; a day is enough and leaves no long-lived credential behind.
const validity = ['-days', '1'];

/** A key and a CSR, then the CA's signature with `extensions` (openssl x509 -req). */
function signed(directory: string, name: string, ca: KeyPair, subject: string, extensions: readonly string[]): KeyPair {
  const pair = { certificate: join(directory, `${name}.crt`), key: join(directory, `${name}.key`) };
  const request = join(directory, `${name}.csr`);
  const extensionFile = join(directory, `${name}.ext`);
  writeFileSync(extensionFile, `${extensions.join('\n')}\n`);
  openssl(['req', '-new', ...newKey, '-keyout', pair.key, '-out', request, '-subj', subject]);
  openssl(['x509', '-req', '-in', request, '-CA', ca.certificate, '-CAkey', ca.key, '-CAcreateserial', ...validity, '-extfile', extensionFile, '-out', pair.certificate]);
  return pair;
}

/** `/O=group/.../CN=user`, each value escaped for openssl's -subj. */
const subjectOf = (identity: ClientIdentity): string => {
  const escape = (value: string) => value.replace(/([,+=/\\])/g, '\\$1');
  return [...(identity.groups ?? []).map((group) => `/O=${escape(group)}`), `/CN=${escape(identity.user)}`].join('');
};

/**
 * A private CA and what the control plane needs from it, made with Debian's openssl into
 * `directory`: a serving certificate per server (for 127.0.0.1 and the in-cluster names), the
 * service-account signing key and one client certificate per identity.
 */
export function createControlPlanePki(directory: string, servers: readonly string[], clients: Readonly<Record<string, ClientIdentity>>): ControlPlanePki {
  const ca = { certificate: join(directory, 'ca.crt'), key: join(directory, 'ca.key') };
  openssl(['req', '-x509', ...newKey, ...validity, '-keyout', ca.key, '-out', ca.certificate, '-subj', '/CN=o4g-e2e-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']);
  const serverNames = ['DNS:localhost', 'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc', 'DNS:kubernetes.default.svc.cluster.local', 'IP:127.0.0.1'];
  const serverPairs = Object.fromEntries(
    servers.map((name) => [name, signed(directory, `${name}-serving`, ca, `/CN=${name}`, ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth', `subjectAltName=${serverNames.join(',')}`])]),
  );
  const serviceAccount = { privateKey: join(directory, 'service-account.key'), publicKey: join(directory, 'service-account.pub') };
  openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', serviceAccount.privateKey]);
  openssl(['ec', '-in', serviceAccount.privateKey, '-pubout', '-out', serviceAccount.publicKey]);
  const clientPairs = Object.fromEntries(
    Object.entries(clients).map(([name, identity]) => [name, signed(directory, `${name}-client`, ca, subjectOf(identity), ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=clientAuth'])]),
  );
  return { ca, servers: serverPairs, serviceAccount, clients: clientPairs };
}
