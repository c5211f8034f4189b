import type { Environment } from '@open4goods/environments';
import { sopsEncryptedRegex } from './sops-document.ts';

/** The repository's `.sops.yaml`: what `sops` (and editors' sops plugins) use when encrypting by hand. */
export const sopsConfigFile = '.sops.yaml';

/**
 * One creation rule per environment: files under `clusters/<env>/secrets/` are encrypted to that
 * environment's age recipients, values only (kind, name and namespace stay readable). An
 * environment without recipients gets a rule without keys, so sops refuses rather than guesses.
 */
export function renderSopsConfig(environments: readonly Environment[]): Record<string, unknown> {
  return {
    creation_rules: environments.map((environment) => ({
      path_regex: `(^|/)clusters/${environment.name}/secrets/[^/]+\\.sops\\.yaml$`,
      encrypted_regex: sopsEncryptedRegex,
      ...(environment.sops.ageRecipients.length > 0 ? { age: environment.sops.ageRecipients.join(',') } : {}),
    })),
  };
}
