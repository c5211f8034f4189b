import { describe, expect, it } from 'vitest';
import { fixtureEnvironment } from '../testing/fixtures.ts';
import { renderSopsConfig } from './sops-config.ts';

const recipient = (letter: string) => `age1${letter.repeat(58)}`;

describe('.sops.yaml', () => {
  const prod = fixtureEnvironment('prod', { sops: { ageRecipients: [recipient('q'), recipient('p')] } });
  const staging = fixtureEnvironment('staging');
  const config = renderSopsConfig([prod, staging]) as { creation_rules: { path_regex: string; encrypted_regex: string; age?: string }[] };

  it('has one creation rule per environment, encrypting only data and stringData', () => {
    expect(config.creation_rules).toHaveLength(2);
    for (const rule of config.creation_rules) expect(rule.encrypted_regex).toBe('^(data|stringData)$');
  });

  it('encrypts to the environment recipients, comma-separated as sops reads them', () => {
    expect(config.creation_rules[0]!.age).toBe(`${recipient('q')},${recipient('p')}`);
  });

  it('gives an environment without recipients a rule without keys, so sops refuses to encrypt', () => {
    expect(config.creation_rules[1]).not.toHaveProperty('age');
  });

  it('matches the secrets of its environment only, given a relative or an absolute path', () => {
    const rule = new RegExp(config.creation_rules[0]!.path_regex);
    expect(rule.test('clusters/prod/secrets/open4goods-prod.mysql-credentials.sops.yaml')).toBe(true);
    expect(rule.test('/home/ops/gitops/clusters/prod/secrets/a.sops.yaml')).toBe(true);
    expect(rule.test('clusters/staging/secrets/a.sops.yaml')).toBe(false);
    expect(rule.test('clusters/prod/secrets/nested/a.sops.yaml')).toBe(false);
    expect(rule.test('clusters/prod/flux/a.yaml')).toBe(false);
  });
});
