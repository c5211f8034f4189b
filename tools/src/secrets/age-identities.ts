import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The age identities sops itself would use, in its order: SOPS_AGE_KEY (keys inline),
 * SOPS_AGE_KEY_FILE, then the default keys file (~/.config/sops/age/keys.txt).
 */
export function ageIdentitiesFromEnvironment(variables: NodeJS.ProcessEnv = process.env): string[] {
  const texts: string[] = [];
  if (variables.SOPS_AGE_KEY) texts.push(variables.SOPS_AGE_KEY);
  if (variables.SOPS_AGE_KEY_FILE) {
    if (!existsSync(variables.SOPS_AGE_KEY_FILE)) throw new Error(`SOPS_AGE_KEY_FILE=${variables.SOPS_AGE_KEY_FILE} does not exist`);
    texts.push(readFileSync(variables.SOPS_AGE_KEY_FILE, 'utf8'));
  }
  const defaultFile = join(variables.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'sops', 'age', 'keys.txt');
  if (texts.length === 0 && existsSync(defaultFile)) texts.push(readFileSync(defaultFile, 'utf8'));
  return texts.flatMap((text) => text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line.startsWith('AGE-SECRET-KEY-')));
}
