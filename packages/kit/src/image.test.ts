import { loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { ImageReference, imageFor, type ImageDeclaration } from './image.ts';
import { BuildInputError } from './input-error.ts';

const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
const file = 'packages/mysql/src/images.ts';
const constant = 'mysqlImage';

function declaration(reference: string): ImageDeclaration {
  return { reference, file, constant };
}

function parseError(reference: string): BuildInputError {
  try {
    ImageReference.parse(declaration(reference));
  } catch (error) {
    expect(error).toBeInstanceOf(BuildInputError);
    return error as BuildInputError;
  }
  throw new Error(`expected "${reference}" to be refused`);
}

describe('ImageReference.parse', () => {
  it('parses repository, tag and digest', () => {
    const image = ImageReference.parse(declaration(`mysql:8.4.11@${digest}`));
    expect(image.repository).toBe('mysql');
    expect(image.tag).toBe('8.4.11');
    expect(image.digest).toBe(digest);
    expect(image.toString()).toBe(`mysql:8.4.11@${digest}`);
  });

  it('parses a tag without digest', () => {
    const image = ImageReference.parse(declaration('xwiki:17.4.3-mysql-tomcat'));
    expect(image.repository).toBe('xwiki');
    expect(image.tag).toBe('17.4.3-mysql-tomcat');
    expect(image.digest).toBeUndefined();
    expect(image.toString()).toBe('xwiki:17.4.3-mysql-tomcat');
  });

  it('parses a digest without tag', () => {
    const image = ImageReference.parse(declaration(`mysql@${digest}`));
    expect(image.repository).toBe('mysql');
    expect(image.tag).toBeUndefined();
    expect(image.digest).toBe(digest);
    expect(image.toString()).toBe(`mysql@${digest}`);
  });

  it('parses a registry host with a port', () => {
    const image = ImageReference.parse(declaration('registry.local:5000/team/app:1.0'));
    expect(image.repository).toBe('registry.local:5000/team/app');
    expect(image.tag).toBe('1.0');
    expect(image.digest).toBeUndefined();
    expect(image.toString()).toBe('registry.local:5000/team/app:1.0');
  });

  it('parses a registry host with a port, a tag and a digest', () => {
    const image = ImageReference.parse(declaration(`registry.local:5000/team/app:1.0@${digest}`));
    expect(image.repository).toBe('registry.local:5000/team/app');
    expect(image.tag).toBe('1.0');
    expect(image.digest).toBe(digest);
  });

  it('parses a multi-level repository on a registry without port', () => {
    const image = ImageReference.parse(declaration('quay.io/prometheus/mysqld-exporter:v0.17.2'));
    expect(image.repository).toBe('quay.io/prometheus/mysqld-exporter');
    expect(image.tag).toBe('v0.17.2');
  });

  it('refuses an upper-case repository, naming the file and the constant', () => {
    const error = parseError('MySQL:latest');
    expect(error.file).toBe(file);
    expect(error.field).toBe(constant);
    expect(error.problem).toBe('"MySQL:latest" is not an image reference with a tag and/or digest');
    expect(error.fix).toMatch(/^write it as repository:tag@sha256:<64 hex digits>/);
    expect(error.message).toMatch(new RegExp(`^${file}: ${constant}: "MySQL:latest" is not an image reference`));
    expect(error.message).toContain('\n  fix: write it as repository:tag@sha256:<64 hex digits>');
  });

  it('refuses a repository with neither tag nor digest', () => {
    expect(parseError('mysql').problem).toBe('"mysql" is not an image reference with a tag and/or digest');
    expect(parseError('registry.local:5000/team/app').message).toContain(`${file}: ${constant}:`);
  });

  it.each([
    ['a digest of 63 hex digits', `mysql:8.4.11@sha256:${'a'.repeat(63)}`],
    ['a digest of 65 hex digits', `mysql:8.4.11@sha256:${'a'.repeat(65)}`],
    ['a digest-only reference of 63 hex digits', `mysql@sha256:${'a'.repeat(63)}`],
    ['an upper-case digest', `mysql:8.4@sha256:${'A'.repeat(64)}`],
    ['a digest of another algorithm', `mysql:8.4@sha512:${'a'.repeat(64)}`],
    ['an empty tag', 'mysql:'],
    ['an empty reference', ''],
    ['a tag starting with a dot', 'mysql:.8'],
    ['a tag longer than 128 characters', `mysql:${'a'.repeat(129)}`],
    ['white space', 'mysql: 8.4'],
    ['a leading slash', '/mysql:8.4'],
    ['a doubled slash', 'team//mysql:8.4'],
  ])('refuses %s', (_, reference) => {
    const error = parseError(reference);
    expect(error.file).toBe(file);
    expect(error.field).toBe(constant);
    expect(error.problem).toContain(`"${reference}"`);
  });

  it('accepts a tag of exactly 128 characters', () => {
    expect(ImageReference.parse(declaration(`mysql:${'a'.repeat(128)}`)).tag).toHaveLength(128);
  });
});

describe('imageFor', () => {
  const prod = loadEnvironment('prod');
  const staging = loadEnvironment('staging');

  it('refuses an image without digest where the environment requires digests', () => {
    let caught: unknown;
    try {
      imageFor(prod, declaration('mysql:8.4.11'));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BuildInputError);
    const error = caught as BuildInputError;
    expect(error.file).toBe(file);
    expect(error.field).toBe(constant);
    expect(error.problem).toBe(
      'image "mysql:8.4.11" has no digest, and environment "prod" (packages/environments/src/prod.ts: images.requireDigest) deploys only pinned images',
    );
    expect(error.fix).toBe("append the digest of the tag: mysql:8.4.11@sha256:<digest> (Renovate's pinDigests keeps it current)");
    expect(error.message.startsWith(`${file}: ${constant}: image "mysql:8.4.11" has no digest`)).toBe(true);
    expect(error.message).toContain('packages/environments/src/prod.ts');
    expect(error.message).toContain('fix: append the digest of the tag: mysql:8.4.11@sha256:<digest>');
  });

  it('accepts a pinned image where the environment requires digests', () => {
    expect(imageFor(prod, declaration(`mysql:8.4.11@${digest}`))).toBe(`mysql:8.4.11@${digest}`);
    expect(imageFor(prod, declaration(`mysql@${digest}`))).toBe(`mysql@${digest}`);
  });

  it('accepts an image without digest where the environment does not require digests', () => {
    expect(staging.images.requireDigest).toBe(false);
    expect(imageFor(staging, declaration('mysql:8.4.11'))).toBe('mysql:8.4.11');
    expect(imageFor(staging, declaration('registry.local:5000/team/app:1.0'))).toBe('registry.local:5000/team/app:1.0');
  });

  it('refuses a malformed reference in every environment', () => {
    expect(() => imageFor(staging, declaration('MySQL:latest'))).toThrow(BuildInputError);
    expect(() => imageFor(staging, declaration('MySQL:latest'))).toThrow(`${file}: ${constant}: "MySQL:latest" is not an image reference`);
    expect(() => imageFor(prod, declaration('mysql'))).toThrow('"mysql" is not an image reference with a tag and/or digest');
  });
});

describe('BuildInputError', () => {
  it('formats file, field, problem and fix', () => {
    const error = new BuildInputError('a.ts', 'b', 'c is wrong', 'do d');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('BuildInputError');
    expect(error.message).toBe('a.ts: b: c is wrong\n  fix: do d');
  });
});
