import { Decrypter, Encrypter, armor } from 'age-encryption';

/** One recipient's copy of the data key, as SOPS stores it under `sops.age`. */
export interface AgeStanza {
  readonly recipient: string;
  /** The 32-byte data key encrypted to that recipient alone, ASCII-armored. */
  readonly enc: string;
}

/** Encrypts the data key once per recipient, as SOPS does (each can decrypt without the others). */
export async function wrapDataKey(dataKey: Uint8Array, recipients: readonly string[]): Promise<AgeStanza[]> {
  return Promise.all(
    recipients.map(async (recipient) => {
      const encrypter = new Encrypter();
      encrypter.addRecipient(recipient);
      return { recipient, enc: armor.encode(await encrypter.encrypt(dataKey)) };
    }),
  );
}

/** The data key from the first stanza one of the identities opens. */
export async function unwrapDataKey(stanzas: readonly AgeStanza[], identities: readonly string[]): Promise<Uint8Array> {
  if (identities.length === 0) throw new Error('no age identity to decrypt with: set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY (as sops does)');
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  for (const stanza of stanzas) {
    try {
      const key = await decrypter.decrypt(armor.decode(stanza.enc));
      if (key.length !== 32) throw new Error(`data key of ${key.length} bytes, expected 32`);
      return key;
    } catch (error) {
      if ((error as Error).message.startsWith('data key of')) throw error;
      // not our recipient: try the next stanza
    }
  }
  throw new Error(`none of the age identities opens this file (recipients: ${stanzas.map((stanza) => stanza.recipient).join(', ')})`);
}
