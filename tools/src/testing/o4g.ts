import { main } from '../cli.ts';
import { repositoryRoot } from './repository.ts';

export interface O4gResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** Runs one o4g command in-process on this repository (or `root`), capturing what it prints. */
export async function runO4g(argv: readonly string[], root: string = repositoryRoot): Promise<O4gResult> {
  let out = '';
  let err = '';
  const code = await main(['--root', root, ...argv], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}
