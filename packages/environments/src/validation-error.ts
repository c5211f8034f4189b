/** One invalid field of an environment file. */
export interface EnvironmentProblem {
  readonly field: string;
  readonly expected: string;
  readonly actual: unknown;
}

/** Raised when an environment file holds a value of the wrong form. Lists every bad field. */
export class EnvironmentValidationError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly EnvironmentProblem[],
  ) {
    super(
      [
        `${file}: invalid environment (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
        ...problems.map((problem) => `  ${problem.field}: expected ${problem.expected}, got ${JSON.stringify(problem.actual)}`),
      ].join('\n'),
    );
    this.name = 'EnvironmentValidationError';
  }
}
