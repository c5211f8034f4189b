import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createControlPlanePki } from './certificates.ts';

const directory = mkdtempSync(join(tmpdir(), 'o4g-pki-test-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const openssl = (...args: string[]) => execFileSync('openssl', args, { encoding: 'utf8' }).trim();

describe('createControlPlanePki', () => {
  const pki = createControlPlanePki(directory, ['kube-apiserver'], { admin: { user: 'o4g-e2e-admin', groups: ['system:masters', 'a,b'] } });

  it('signs client certificates whose subject carries the user (CN) and the groups (O), as Kubernetes reads them', () => {
    const client = pki.clients.admin!;
    expect(openssl('x509', '-in', client.certificate, '-noout', '-subject', '-nameopt', 'RFC2253')).toBe('subject=CN=o4g-e2e-admin,O=a\\,b,O=system:masters');
    expect(openssl('verify', '-x509_strict', '-purpose', 'sslclient', '-CAfile', pki.ca.certificate, client.certificate)).toBe(`${client.certificate}: OK`);
  });

  it('signs a serving certificate for the loopback address and the in-cluster names of the API server', () => {
    const server = pki.servers['kube-apiserver']!;
    expect(openssl('verify', '-x509_strict', '-purpose', 'sslserver', '-CAfile', pki.ca.certificate, server.certificate)).toBe(`${server.certificate}: OK`);
    const names = openssl('x509', '-in', server.certificate, '-noout', '-ext', 'subjectAltName');
    expect(names).toContain('IP Address:127.0.0.1');
    expect(names).toContain('DNS:kubernetes.default.svc.cluster.local');
  });
});
