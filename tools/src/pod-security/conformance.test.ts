import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { podTemplateOf } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repositoryRoot } from '../testing/repository.ts';
import { podSecurityFixtureSource, sharedDirectory } from '../testing/shared.ts';
import { checkPodSecurity, podSecurityLevels } from './check.ts';

// Upstream's own fixtures (k8s.io/pod-security-admission test/testdata/<level>/v1.37): every pod
// under pass/ must be allowed at that level, every pod under fail/ refused. They come from the
// pinned module in the Go module cache (`.ci/run setup` downloads it) or else the offline mirror.
const source = podSecurityFixtureSource();
const available = source !== undefined;
const yamlFiles = (directory: string): string[] => readdirSync(directory).filter((file) => file.endsWith('.yaml')).sort();

describe('the shared reference data', () => {
  it('is looked up beside the repository unless O4G_SHARED_DIR says where', () => {
    expect(sharedDirectory()).toBe(process.env.O4G_SHARED_DIR || join(repositoryRoot, '..', 'shared'));
  });
});

describe.runIf(available && source.description.endsWith('(Go module cache)') && existsSync(join(sharedDirectory(), 'conformance/pss')))('the offline mirror', () => {
  it('holds exactly the fixtures of the pinned module', () => {
    const mirror = join(sharedDirectory(), 'conformance/pss');
    for (const level of podSecurityLevels) {
      for (const expectation of ['pass', 'fail'] as const) {
        const files = yamlFiles(source!.directory(level, expectation));
        expect(yamlFiles(join(mirror, level, expectation)), `${level}/${expectation}`).toEqual(files);
        for (const file of files) {
          expect(readFileSync(join(mirror, level, expectation, file), 'utf8'), `${level}/${expectation}/${file}`).toBe(readFileSync(join(source!.directory(level, expectation), file), 'utf8'));
        }
      }
    }
  });
});

describe.runIf(available)(`agreement with the upstream Pod Security fixtures of ${source?.description}`, () => {
  for (const level of podSecurityLevels) {
    for (const expectation of ['pass', 'fail'] as const) {
      const directory = source?.directory(level, expectation) ?? '';
      const files = available ? yamlFiles(directory) : [];

      it(`${level}/${expectation} holds fixtures`, () => {
        expect(files.length).toBeGreaterThan(10);
      });

      it.each(files)(`${level}/${expectation}/%s`, (file) => {
        const pod = podTemplateOf(parse(readFileSync(join(directory, file), 'utf8')))!;
        const verdict = checkPodSecurity(pod, level);
        expect(verdict.allowed, JSON.stringify(verdict.failed)).toBe(expectation === 'pass');
        if (expectation === 'fail') {
          // The control named by the file is among the failed ones (or the one replacing it).
          const expected = file.replace(/[0-9]+\.yaml$/, '');
          expect(verdict.failed.map((failure) => failure.control.toLowerCase())).toEqual(
            expect.arrayContaining([expect.stringMatching(new RegExp(`^${expected.replace(/_(baseline|restricted)$/, '')}(_(baseline|restricted))?$`))]),
          );
        }
      });
    }
  }

  it('counts what the fixtures README announces: 15/34 baseline and 23/76 restricted', () => {
    const count = (level: string, expectation: 'pass' | 'fail') => yamlFiles(source!.directory(level, expectation)).length;
    expect([count('baseline', 'pass'), count('baseline', 'fail'), count('restricted', 'pass'), count('restricted', 'fail')]).toEqual([15, 34, 23, 76]);
  });
});
