/**
 * Bad input to the build: names the file and field at fault and says how to fix it, so the
 * operator does not have to read the engine to understand the message.
 */
export class BuildInputError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
    readonly fix: string,
  ) {
    super(`${file}: ${field}: ${problem}\n  fix: ${fix}`);
    this.name = 'BuildInputError';
  }
}
