import { describe, expect, it } from 'vitest';
import type { Connection, Endpoint, ExternalEndpoint, PodEndpoint } from './endpoints.ts';
import { type NetworkPolicy, connectionAllowed, egressAllowed, ingressAllowed } from './evaluator.ts';
import { cidrContains } from '@open4goods/kit';
import { matchesSelector } from './label-selector.ts';

const pod = (name: string, namespace: string, labels: Record<string, string>, ports: PodEndpoint['ports'] = [], namespaceLabels: Record<string, string> = {}): PodEndpoint => ({
  kind: 'pod',
  name,
  namespace,
  labels,
  namespaceLabels: { 'kubernetes.io/metadata.name': namespace, ...namespaceLabels },
  ports,
});

const web = pod('web', 'apps', { app: 'web', tier: 'front' }, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
const db = pod('db', 'apps', { app: 'db' }, [
  { name: 'mysql', port: 3306, protocol: 'TCP' },
  { name: 'metrics', port: 9104, protocol: 'TCP' },
]);
const scraper = pod('prometheus', 'monitoring', { app: 'prometheus' }, [], { team: 'ops' });
const dns = pod('dns', 'kube-system', { 'k8s-app': 'kube-dns' }, [
  { port: 53, protocol: 'UDP' },
  { port: 53, protocol: 'TCP' },
]);
const internet: ExternalEndpoint = { kind: 'external', name: 'internet', ip: '203.0.113.10', ports: [{ port: 443, protocol: 'TCP' }] };
const office: ExternalEndpoint = { kind: 'external', name: 'office', ip: '10.1.2.3', ports: [] };

const connection = (from: Endpoint, to: Endpoint, port: number, protocol: Connection['protocol'] = 'TCP'): Connection => ({ from, to, port, protocol });

const policy = (name: string, namespace: string, spec: NetworkPolicy['spec']): NetworkPolicy => ({ metadata: { name, namespace }, spec });
const denyAll = (namespace: string) => policy('deny', namespace, { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front' };

  it('match every label when empty', () => {
    expect(matchesSelector({}, labels)).toBe(true);
    expect(matchesSelector({}, {})).toBe(true);
  });

  it('need every matchLabels pair', () => {
    expect(matchesSelector({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(matchesSelector({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
  });

  it.each([
    ['In', ['web', 'api'], true],
    ['In', ['api'], false],
    ['NotIn', ['api'], true],
    ['NotIn', ['web'], false],
    ['Exists', undefined, true],
    ['DoesNotExist', undefined, false],
  ])('evaluate %s %j on a present label', (operator, values, expected) => {
    expect(matchesSelector({ matchExpressions: [{ key: 'app', operator, ...(values ? { values } : {}) }] }, labels)).toBe(expected);
  });

  it('hold NotIn and DoesNotExist on an absent label, and not In or Exists', () => {
    const on = (operator: string) => matchesSelector({ matchExpressions: [{ key: 'zone', operator, values: ['a'] }] }, labels);
    expect([on('NotIn'), on('DoesNotExist'), on('In'), on('Exists')]).toEqual([true, true, false, false]);
  });

  it('need matchLabels and matchExpressions together', () => {
    expect(matchesSelector({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
  });

  it('refuse an unknown operator', () => {
    expect(() => matchesSelector({ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['web'] }] }, labels)).toThrow('"Equals" is not one of In, NotIn, Exists, DoesNotExist');
  });
});

describe('CIDRs', () => {
  it.each([
    ['10.0.0.0/8', '10.200.3.4', true],
    ['10.0.0.0/8', '11.0.0.1', false],
    ['192.168.1.0/24', '192.168.1.255', true],
    ['192.168.1.0/24', '192.168.2.0', false],
    ['0.0.0.0/0', '203.0.113.10', true],
    ['203.0.113.10/32', '203.0.113.10', true],
    ['fd00::/8', 'fd12:3456::1', true],
    ['fd00::/8', 'fe80::1', false],
    ['::/0', '2001:db8::1', true],
    ['0.0.0.0/0', '2001:db8::1', false],
    ['::ffff:0:0/96', '::ffff:10.0.0.1', true],
  ])('%s contains %s: %s', (cidr, address, expected) => {
    expect(cidrContains(cidr, address)).toBe(expected);
  });

  it('refuse malformed input', () => {
    expect(() => cidrContains('10.0.0.0', '10.0.0.1')).toThrow('is not a CIDR and an address');
    expect(() => cidrContains('10.0.0.0/33', '10.0.0.1')).toThrow();
    expect(() => cidrContains('10.0.0.0/8', 'ten')).toThrow();
  });
});

describe('NetworkPolicy semantics', () => {
  it('allow everything when no policy selects the pods', () => {
    expect(connectionAllowed([], connection(web, db, 3306))).toBe(true);
    expect(connectionAllowed([policy('other', 'apps', { podSelector: { matchLabels: { app: 'other' } }, policyTypes: ['Ingress'] })], connection(web, db, 3306))).toBe(true);
  });

  it('deny everything in and out once a default-deny selects the pods', () => {
    const policies = [denyAll('apps')];
    expect(connectionAllowed(policies, connection(web, db, 3306))).toBe(false);
    expect(connectionAllowed(policies, connection(scraper, db, 9104))).toBe(false);
    expect(connectionAllowed(policies, connection(web, internet, 443))).toBe(false);
  });

  it('apply a policy only to pods of its own namespace', () => {
    expect(connectionAllowed([denyAll('other')], connection(web, db, 3306))).toBe(true);
  });

  it('need the egress side of the source and the ingress side of the destination', () => {
    const ingressOnly = [denyAll('apps'), policy('db-in', 'apps', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] })];
    expect(ingressAllowed(ingressOnly, connection(web, db, 3306))).toBe(true);
    expect(egressAllowed(ingressOnly, connection(web, db, 3306))).toBe(false);
    expect(connectionAllowed(ingressOnly, connection(web, db, 3306))).toBe(false);
    const both = [...ingressOnly, policy('web-out', 'apps', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }] }] })];
    expect(connectionAllowed(both, connection(web, db, 3306))).toBe(true);
    // ... and nothing else: the reverse direction stays closed.
    expect(connectionAllowed(both, connection(db, web, 8080))).toBe(false);
  });

  it('default policyTypes to Ingress, plus Egress when egress rules exist', () => {
    const ingressRules = policy('in', 'apps', { podSelector: {}, ingress: [] });
    expect(egressAllowed([ingressRules], connection(web, internet, 443))).toBe(true);
    expect(ingressAllowed([ingressRules], connection(scraper, db, 9104))).toBe(false);
    const egressRules = policy('out', 'apps', { podSelector: {}, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] });
    expect(egressAllowed([egressRules], connection(web, internet, 443))).toBe(false);
    expect(egressAllowed([egressRules], connection(web, dns, 53, 'UDP'))).toBe(true);
  });

  it('unite policies: any one allowing is enough', () => {
    const policies = [
      denyAll('apps'),
      policy('a', 'apps', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'nobody' } } }] }] }),
      policy('b', 'apps', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] }] }),
    ];
    expect(ingressAllowed(policies, connection(scraper, db, 9104))).toBe(true);
  });

  it('read a podSelector alone in the policy namespace, a namespaceSelector alone across namespaces, and both as an intersection', () => {
    const ingressFrom = (peer: object) => [policy('p', 'apps', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [peer] }] })];
    const sameLabelsElsewhere = pod('web', 'other', { app: 'web' });
    expect(ingressAllowed(ingressFrom({ podSelector: { matchLabels: { app: 'web' } } }), connection(web, db, 3306))).toBe(true);
    expect(ingressAllowed(ingressFrom({ podSelector: { matchLabels: { app: 'web' } } }), connection(sameLabelsElsewhere, db, 3306))).toBe(false);
    expect(ingressAllowed(ingressFrom({ namespaceSelector: {} }), connection(sameLabelsElsewhere, db, 3306))).toBe(true);
    const both = { namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'prometheus' } } };
    expect(ingressAllowed(ingressFrom(both), connection(scraper, db, 9104))).toBe(true);
    expect(ingressAllowed(ingressFrom(both), connection(pod('other', 'monitoring', { app: 'grafana' }, [], { team: 'ops' }), db, 9104))).toBe(false);
    expect(ingressAllowed(ingressFrom(both), connection(pod('prometheus', 'dev', { app: 'prometheus' }), db, 9104))).toBe(false);
  });

  it('match ipBlocks with except against addresses, and never against pods without an address', () => {
    const egressTo = (ipBlock: { cidr: string; except?: string[] }) => [policy('p', 'apps', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock }] }] })];
    const publicOnly = { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] };
    expect(egressAllowed(egressTo(publicOnly), connection(web, internet, 443))).toBe(true);
    expect(egressAllowed(egressTo(publicOnly), connection(web, office, 22))).toBe(false);
    expect(egressAllowed(egressTo(publicOnly), connection(web, db, 3306))).toBe(false);
    expect(egressAllowed(egressTo({ cidr: '10.42.0.0/16' }), connection(web, { ...db, ip: '10.42.0.7' }, 3306))).toBe(true);
  });

  it('match numbered ports, port ranges, protocols and named ports of the destination', () => {
    const ingressOn = (ports: object[]) => [policy('p', 'apps', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports }] })];
    expect(ingressAllowed(ingressOn([{ port: 3306 }]), connection(web, db, 3306))).toBe(true);
    expect(ingressAllowed(ingressOn([{ port: 3306 }]), connection(web, db, 9104))).toBe(false);
    expect(ingressAllowed(ingressOn([{ port: 3306, protocol: 'UDP' }]), connection(web, db, 3306))).toBe(false);
    expect(ingressAllowed(ingressOn([{ port: 9000, endPort: 9200 }]), connection(web, db, 9104))).toBe(true);
    expect(ingressAllowed(ingressOn([{ port: 9000, endPort: 9100 }]), connection(web, db, 9104))).toBe(false);
    expect(ingressAllowed(ingressOn([{ port: 'metrics' }]), connection(web, db, 9104))).toBe(true);
    expect(ingressAllowed(ingressOn([{ port: 'metrics' }]), connection(web, db, 3306))).toBe(false);
    expect(ingressAllowed(ingressOn([{ port: 'renamed' }]), connection(web, db, 9104))).toBe(false);
    expect(ingressAllowed(ingressOn([{ protocol: 'TCP' }]), connection(web, db, 3306))).toBe(true);
  });

  it('admit a connection over a port range only when the rules, together, admit every port of it', () => {
    const replicas = pod('replicas', 'apps', { app: 'db' }, [{ port: 10000, endPort: 30000, protocol: 'TCP' }]);
    const ingressOn = (ports: object[]) => [policy('p', 'apps', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports }] })];
    const overRange = { ...connection(web, replicas, 10000), endPort: 30000 };
    expect(ingressAllowed(ingressOn([{ port: 10000, endPort: 30000 }]), overRange)).toBe(true);
    expect(ingressAllowed(ingressOn([{ port: 9000, endPort: 40000 }]), overRange)).toBe(true);
    expect(ingressAllowed(ingressOn([{ port: 10000, endPort: 29999 }]), overRange)).toBe(false);
    expect(ingressAllowed(ingressOn([{ port: 10000, endPort: 20000 }, { port: 20001, endPort: 30000 }]), overRange)).toBe(true);
    expect(ingressAllowed(ingressOn([{ port: 10000, endPort: 20000 }, { port: 20002, endPort: 30000 }]), overRange)).toBe(false);
    expect(ingressAllowed(ingressOn([{ port: 10000 }]), overRange)).toBe(false);
    // Split over two policies, each selecting the pod: their union holds.
    const halves = [
      policy('low', 'apps', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 10000, endPort: 19999 }] }] }),
      policy('high', 'apps', { podSelector: {}, ingress: [{ ports: [{ port: 20000, endPort: 30000 }] }] }),
    ];
    expect(ingressAllowed(halves, overRange)).toBe(true);
    expect(ingressAllowed([halves[0]!], overRange)).toBe(false);
    expect(ingressAllowed(ingressOn([{ protocol: 'TCP' }]), overRange)).toBe(true);
    expect(ingressAllowed(ingressOn([{ port: 10000, endPort: 30000, protocol: 'UDP' }]), overRange)).toBe(false);
    // Both sides must hold over the whole range.
    const egressLow = policy('egress', 'apps', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 10000, endPort: 19999 }] }] });
    expect(connectionAllowed([egressLow, ...ingressOn([{ port: 10000, endPort: 30000 }])], overRange)).toBe(false);
    expect(connectionAllowed([egressLow, ...ingressOn([{ port: 10000, endPort: 30000 }])], { ...overRange, endPort: 19999 })).toBe(true);
  });

  it('look a named port up on the destination for egress too, which an external address does not have', () => {
    const egressOn = (ports: object[]) => [policy('p', 'apps', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports }] })];
    expect(egressAllowed(egressOn([{ port: 'mysql' }]), connection(web, db, 3306))).toBe(true);
    expect(egressAllowed(egressOn([{ port: 'https' }]), connection(web, internet, 443))).toBe(false);
  });

  it('let traffic from and to external endpoints depend on the pod side only', () => {
    const policies = [denyAll('apps'), policy('in', 'apps', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ port: 8080 }] }] })];
    expect(connectionAllowed(policies, connection(internet, web, 8080))).toBe(true);
    expect(connectionAllowed(policies, connection(internet, db, 3306))).toBe(false);
  });
});
