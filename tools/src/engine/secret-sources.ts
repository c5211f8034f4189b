import type { Environment } from '@open4goods/environments';
import { type KubernetesObject, type SecretRequirement, renderExternalSecret, sopsSecretFile } from '@open4goods/kit';
import { sopsSecretProblems } from '../secrets/sops-inspection.ts';

/** Reads a repository-relative file; undefined when it does not exist. */
export type RepositoryReader = (repositoryPath: string) => string | undefined;

export interface ResolvedSecrets {
  /** ExternalSecrets for the requirements Vault supplies. */
  readonly objects: readonly KubernetesObject[];
  /** SOPS files the unit's overlay includes (repository-relative). */
  readonly sopsFiles: readonly string[];
  /** Missing secrets, missing keys, plaintext or wrongly encrypted files. */
  readonly problems: readonly string[];
}

/**
 * Supplies each required Secret of a unit: a SOPS file in `clusters/<env>/secrets/` when there is
 * one (checked: a Secret of that name with every key, values encrypted to the environment's
 * recipients), otherwise an ExternalSecret when the environment reads Vault, otherwise a problem.
 */
export function resolveSecrets(environment: Environment, requirements: readonly SecretRequirement[], unitId: string, read: RepositoryReader): ResolvedSecrets {
  const objects: KubernetesObject[] = [];
  const sopsFiles: string[] = [];
  const problems: string[] = [];
  for (const requirement of requirements) {
    const file = sopsSecretFile(environment, requirement);
    const keys = requirement.keys.map((key) => key.name);
    const content = read(file);
    if (content !== undefined) {
      sopsFiles.push(file);
      problems.push(
        ...sopsSecretProblems(content, { file, name: requirement.name, namespace: requirement.namespace, keys, recipients: environment.sops.ageRecipients }),
      );
    } else if (environment.secrets.kind === 'vault') {
      objects.push(renderExternalSecret(requirement, environment.secrets.clusterSecretStore, environment.secrets.pathPrefix));
    } else {
      problems.push(
        `Secret ${requirement.namespace}/${requirement.name} (keys ${keys.join(', ')}) needed by ${unitId} has no file ${file}\n` +
          `    fix: npx o4g secrets set ${environment.name} ${requirement.name} ${keys.map((key) => `${key}=…`).join(' ')}`,
      );
    }
  }
  return { objects, sopsFiles, problems };
}
