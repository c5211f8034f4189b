import { expect } from 'vitest';
import { defineEnvironment } from './load.ts';
import { EnvironmentValidationError, type EnvironmentProblem } from './validation.ts';

/** The file named in the errors of test environments. */
export const fixtureFile = 'packages/environments/src/fixture.ts';

/** The problems validation reports for overrides of the defaults; fails the test if it accepts them. */
export function problemsOf(overrides: unknown): readonly EnvironmentProblem[] {
  try {
    defineEnvironment('fixture', fixtureFile, overrides);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvironmentValidationError);
    return (error as EnvironmentValidationError).problems;
  }
  throw new Error('expected the environment to be refused');
}
