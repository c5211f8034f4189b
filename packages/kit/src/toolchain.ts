import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where `toolchain/install` puts the programs it builds from their pinned Go modules (sops, Helm…):
 * `$O4G_TOOLCHAIN_BIN`, by default `~/.cache/o4g/toolchain/bin`. Kept outside the repository so
 * every clone on a machine shares one build.
 */
export function toolchainBinDirectory(): string {
  return process.env.O4G_TOOLCHAIN_BIN ?? join(homedir(), '.cache', 'o4g', 'toolchain', 'bin');
}

/**
 * The command to run a program of the toolchain: the pinned build when `toolchain/install` made it,
 * otherwise the bare name (whatever PATH offers), so a missing build shows as "not found".
 */
export function toolchainCommand(program: string): string {
  const built = join(toolchainBinDirectory(), program);
  return existsSync(built) ? built : program;
}
