import { describe, expect, it } from 'vitest';
import { defaultSettings } from './defaults.ts';
import { defineEnvironment, loadEnvironment } from './load.ts';
import { EnvironmentValidationError, type EnvironmentProblem } from './validation.ts';

const fixtureFile = 'packages/environments/src/fixture.ts';
// A well-formed recipient (Bech32 alphabet, 58 characters after "age1"); nobody holds its key.
const recipient = `age1${'q'.repeat(58)}`;

function problemsOf(overrides: unknown): EnvironmentProblem[] {
  try {
    defineEnvironment('fixture', fixtureFile, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentValidationError);
    return [...(error as EnvironmentValidationError).problems];
  }
  throw new Error('expected the environment to be refused');
}

describe('sops age recipients', () => {
  it('start empty: no file can be encrypted until the cluster key exists', () => {
    expect(loadEnvironment('staging').sops.ageRecipients).toEqual([]);
  });

  it('accept age X25519 public keys', () => {
    expect(defineEnvironment('fixture', fixtureFile, { sops: { ageRecipients: [recipient] } }).sops.ageRecipients).toEqual([recipient]);
  });

  it('refuse a private key, an SSH key and a truncated key, naming each index', () => {
    const privateKey = `AGE-SECRET-KEY-1${'Q'.repeat(58)}`;
    const problems = problemsOf({ sops: { ageRecipients: [recipient, privateKey, 'ssh-ed25519 AAAA', 'age1qqqq'] } });
    expect(problems.map((problem) => problem.field)).toEqual(['sops.ageRecipients.1', 'sops.ageRecipients.2', 'sops.ageRecipients.3']);
    expect(problems[0]!.expected).toBe('an age X25519 public key "age1…" (58 characters after "age1"), as age-keygen prints it');
  });

  it('refuse a single string instead of a list', () => {
    expect(problemsOf({ sops: { ageRecipients: recipient } })).toEqual([
      {
        field: 'sops.ageRecipients',
        expected: 'a list, each item an age X25519 public key "age1…" (58 characters after "age1"), as age-keygen prints it',
        actual: recipient,
      },
    ]);
  });
});

describe('network settings', () => {
  it('allow the API ports on the private ranges by default', () => {
    expect(loadEnvironment('prod').network.kubernetesApi).toEqual({ cidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'], ports: [443, 6443] });
  });

  it('accept IPv4 and IPv6 CIDRs', () => {
    const environment = defineEnvironment('fixture', fixtureFile, { network: { kubernetesApi: { cidrs: ['192.168.1.10/32', 'fd00::/8'], ports: [6443] } } });
    expect(environment.network.kubernetesApi.cidrs).toEqual(['192.168.1.10/32', 'fd00::/8']);
  });

  it.each([
    ['10.0.0.0', 'an address, "/" and a prefix length'],
    ['10.0.0.0/33', 'the prefix length is at most 32'],
    ['300.1.1.1/32', '"300.1.1.1" is not an IPv4 or IPv6 address'],
    ['fd00::/129', 'the prefix length is at most 128'],
    ['kubernetes.default', 'an address, "/" and a prefix length'],
  ])('refuse the CIDR %j', (cidr, why) => {
    expect(problemsOf({ network: { kubernetesApi: { cidrs: [cidr] } } })).toEqual([
      { field: 'network.kubernetesApi.cidrs.0', expected: `a CIDR such as "10.0.0.0/8" or "fd00::/8": ${why}`, actual: cidr },
    ]);
  });

  it('refuse an empty CIDR list and a port out of range', () => {
    expect(problemsOf({ network: { kubernetesApi: { cidrs: [], ports: [6443, 70000] } } })).toEqual([
      { field: 'network.kubernetesApi.cidrs', expected: 'a non-empty list, each item a CIDR such as "10.0.0.0/8" or "fd00::/8"', actual: [] },
      { field: 'network.kubernetesApi.ports.1', expected: 'a TCP port between 1 and 65535', actual: 70000 },
    ]);
  });
});

describe('access settings', () => {
  it('name the cluster-admin group', () => {
    expect(loadEnvironment('prod').access.clusterAdminGroup).toBe('open4goods-operators');
    expect(defineEnvironment('fixture', fixtureFile, { access: { clusterAdminGroup: 'oidc:ops@open4goods.org' } }).access.clusterAdminGroup).toBe('oidc:ops@open4goods.org');
  });

  it.each(['', 'ops team', 'system:masters!'])('refuse the group %j', (group) => {
    expect(problemsOf({ access: { clusterAdminGroup: group } })).toEqual([
      { field: 'access.clusterAdminGroup', expected: 'a group name such as "open4goods-operators" (letters, digits, ":", ".", "_", "@", "-")', actual: group },
    ]);
  });
});
