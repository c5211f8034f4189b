import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Environment } from '@open4goods/environments';
import { type SecretRequirement, sopsSecretFile } from '@open4goods/kit';
import { writeFileAtomically } from '../engine/atomic-file.ts';
import type { Output } from '../output.ts';
import { ageIdentitiesFromEnvironment } from '../secrets/age-identities.ts';
import { editInPrivateScratch } from '../secrets/plaintext-scratch.ts';
import { parseSecretEditDocument, renderSecretEditDocument } from '../secrets/secret-edit-document.ts';
import { decryptSecret, encryptSecret } from '../secrets/sops-document.ts';
import { type Workspace, environmentNamed } from '../workspace.ts';

export interface SecretsCommandOptions {
  /** Where identities and $EDITOR come from; tests pass their own. */
  readonly variables?: NodeJS.ProcessEnv;
}

/** The requirement of the secret contract named `name` in an environment; unknown names list the valid ones. */
function requirementNamed(workspace: Workspace, environment: Environment, name: string): SecretRequirement {
  const requirements = workspace.components.flatMap((component) => component.secrets?.(environment) ?? []);
  const found = requirements.find((requirement) => requirement.name === name);
  if (!found) throw new Error(`no component declares a Secret "${name}" in ${environment.name}: expected one of ${requirements.map((requirement) => requirement.name).join(', ') || '(none)'}`);
  return found;
}

function recipientsOf(environment: Environment): readonly string[] {
  if (environment.sops.ageRecipients.length === 0) {
    throw new Error(
      `${environment.sourceFile}: sops.ageRecipients is empty, so nobody could decrypt the file.\n` +
        '  fix: create the cluster key (age-keygen -o age.agekey), put its public key (and the operators\') in sops.ageRecipients, rebuild, and give the private key to Flux (docs/runbooks/secrets.md)',
    );
  }
  return environment.sops.ageRecipients;
}

/** `KEY=VALUE` (or `KEY=@file` to read the value from a file, keeping it out of the shell history). */
function parseAssignment(assignment: string): [string, string] {
  const separator = assignment.indexOf('=');
  if (separator <= 0) throw new Error(`"${assignment}" is not KEY=VALUE`);
  const key = assignment.slice(0, separator);
  const raw = assignment.slice(separator + 1);
  const value = raw.startsWith('@') ? readFileSync(raw.slice(1), 'utf8') : raw;
  if (value === '') throw new Error(`${key} has an empty value`);
  return [key, value];
}

function checkKeys(requirement: SecretRequirement, pairs: readonly (readonly [string, string])[], output: Output): void {
  const declared = requirement.keys.map((key) => key.name);
  const unknown = pairs.map(([key]) => key).filter((key) => !declared.includes(key));
  if (unknown.length > 0) throw new Error(`Secret ${requirement.name} declares the keys ${declared.join(', ')}; ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among them`);
  const missing = declared.filter((key) => !pairs.some(([present]) => present === key));
  if (missing.length > 0) output.err(`warning: ${requirement.name} still lacks ${missing.join(', ')}; the build fails until they are set\n`);
}

/** The file is never half written (atomic-file.ts), and a temporary file of a killed run is removed by the next. */
function writeAtomically(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileAtomically(path, content);
}

async function existingPairs(path: string, variables: NodeJS.ProcessEnv): Promise<(readonly [string, string])[]> {
  if (!existsSync(path)) return [];
  const identities = ageIdentitiesFromEnvironment(variables);
  if (identities.length === 0) throw new Error(`${path} exists: keeping its other keys needs its age key (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY)`);
  try {
    return [...(await decryptSecret(readFileSync(path, 'utf8'), identities)).stringData];
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** The same keys with the same values, in any order. */
function samePairs(left: readonly (readonly [string, string])[], right: readonly (readonly [string, string])[]): boolean {
  const rightMap = new Map(right);
  return left.length === rightMap.size && left.every(([key, value]) => rightMap.get(key) === value);
}

async function setSecret(workspace: Workspace, environment: Environment, name: string, assignments: readonly string[], output: Output, variables: NodeJS.ProcessEnv): Promise<number> {
  if (assignments.length === 0) throw new Error('give at least one KEY=VALUE');
  const requirement = requirementNamed(workspace, environment, name);
  const recipients = recipientsOf(environment);
  const file = sopsSecretFile(environment, requirement);
  const path = join(workspace.root, file);
  const pairs = new Map(await existingPairs(path, variables));
  for (const [key, value] of assignments.map(parseAssignment)) pairs.set(key, value);
  const ordered = requirement.keys.map((key) => key.name).filter((key) => pairs.has(key)).map((key) => [key, pairs.get(key)!] as const);
  checkKeys(requirement, [...pairs.entries()], output);
  writeAtomically(path, await encryptSecret({ name: requirement.name, namespace: requirement.namespace, stringData: ordered }, { recipients }));
  output.out(`wrote ${file} (${ordered.map(([key]) => key).join(', ')}), encrypted to ${recipients.length} recipient${recipients.length === 1 ? '' : 's'}\n`);
  return 0;
}

async function editSecret(workspace: Workspace, environment: Environment, name: string, output: Output, variables: NodeJS.ProcessEnv): Promise<number> {
  const requirement = requirementNamed(workspace, environment, name);
  const recipients = recipientsOf(environment);
  const file = sopsSecretFile(environment, requirement);
  const path = join(workspace.root, file);
  const current = await existingPairs(path, variables);
  const shown = renderSecretEditDocument(requirement, new Map(current));
  const edited = await editInPrivateScratch({ fileName: `${requirement.name}.yaml`, content: shown, editor: variables.VISUAL || variables.EDITOR || 'vi', variables });
  // Quit without saving (or saved as shown): the file keeps its bytes and its mtime.
  if (edited.unchanged) {
    output.out(`${file}: not changed in the editor, nothing written\n`);
    return 0;
  }
  const pairs = parseSecretEditDocument(edited.content, `the edited ${requirement.name}.yaml`);
  checkKeys(requirement, pairs, output);
  const ordered = requirement.keys.map((key) => key.name).flatMap((key) => pairs.filter(([present]) => present === key));
  // As sops does: nothing changed, nothing written (the file keeps its bytes, MAC and lastmodified).
  if (existsSync(path) && samePairs(ordered, current)) {
    output.out(`${file}: no change, nothing written\n`);
    return 0;
  }
  if (!existsSync(path) && ordered.length === 0) {
    output.out(`${file}: no value given, nothing written\n`);
    return 0;
  }
  writeAtomically(path, await encryptSecret({ name: requirement.name, namespace: requirement.namespace, stringData: ordered }, { recipients }));
  output.out(`wrote ${file} (${ordered.map(([key]) => key).join(', ')})\n`);
  return 0;
}

/** `o4g secrets set|edit`: SOPS files in the format sops 3.13 writes (its CLI and Flux read them), without a sops binary. */
export async function runSecrets(workspace: Workspace, positionals: readonly string[], output: Output, options: SecretsCommandOptions = {}): Promise<number> {
  const [action, environmentName, name, ...rest] = positionals;
  const variables = options.variables ?? process.env;
  if ((action !== 'set' && action !== 'edit') || !environmentName || !name) {
    output.err('o4g secrets: use `o4g secrets set <env> <name> KEY=VALUE...` or `o4g secrets edit <env> <name>`\n');
    return 2;
  }
  const environment = environmentNamed(workspace, environmentName);
  return action === 'set' ? setSecret(workspace, environment, name, rest, output, variables) : editSecret(workspace, environment, name, output, variables);
}
