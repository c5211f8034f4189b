import { generateX25519Identity, identityToRecipient } from 'age-encryption';

export interface TestAgeKey {
  /** `AGE-SECRET-KEY-1…`: generated for the test run, never written to the repository. */
  readonly identity: string;
  readonly recipient: string;
}

/** A fresh X25519 age key pair (the kind sops supports). */
export async function generateTestAgeKey(): Promise<TestAgeKey> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}
