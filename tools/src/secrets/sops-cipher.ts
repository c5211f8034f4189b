import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * SOPS's value encryption: AES-256-GCM with a 32-byte IV, the value's path as additional data,
 * written `ENC[AES256_GCM,data:<base64>,iv:<base64>,tag:<base64>,type:str]` (getsops/sops
 * aes/cipher.go). Only strings are written here: Secrets hold nothing else.
 */
const encryptedValuePattern = /^ENC\[AES256_GCM,data:(?<data>[A-Za-z0-9+/=]*),iv:(?<iv>[A-Za-z0-9+/=]+),tag:(?<tag>[A-Za-z0-9+/=]+),type:(?<type>[a-z]+)\]$/;

export interface EncryptedValue {
  readonly data: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly type: string;
}

export function isEncryptedValue(value: unknown): value is string {
  return typeof value === 'string' && encryptedValuePattern.test(value);
}

export function parseEncryptedValue(value: string): EncryptedValue {
  const groups = encryptedValuePattern.exec(value)?.groups;
  if (!groups) throw new Error(`not a SOPS-encrypted value: ${value.slice(0, 40)}…`);
  return { data: Buffer.from(groups.data!, 'base64'), iv: Buffer.from(groups.iv!, 'base64'), tag: Buffer.from(groups.tag!, 'base64'), type: groups.type! };
}

export function encryptValue(plaintext: string, dataKey: Uint8Array, additionalData: string): string {
  const iv = randomBytes(32);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(additionalData, 'utf8'));
  const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString('base64')},iv:${iv.toString('base64')},tag:${cipher.getAuthTag().toString('base64')},type:str]`;
}

/**
 * The value's text. sops stores a value typed in `sops edit` without quotes as its YAML type
 * (`0x1F` as `type:int`, data `31`); its text is what Flux writes into the Secret, so it is
 * returned as that string (the build refuses such a file, see sops-inspection.ts).
 */
export function decryptValue(value: string, dataKey: Uint8Array, additionalData: string): string {
  const encrypted = parseEncryptedValue(value);
  if (!sopsValueTypes.includes(encrypted.type)) throw new Error(`SOPS value of unknown type ${encrypted.type} at ${additionalData}`);
  const decipher = createDecipheriv('aes-256-gcm', dataKey, encrypted.iv, { authTagLength: 16 });
  decipher.setAAD(Buffer.from(additionalData, 'utf8'));
  decipher.setAuthTag(encrypted.tag);
  return Buffer.concat([decipher.update(encrypted.data), decipher.final()]).toString('utf8');
}

/** The types sops writes in `ENC[…,type:…]` (aes/cipher.go); a Secret's values must all be `str`. */
export const sopsValueTypes: readonly string[] = ['str', 'int', 'float', 'bool', 'time', 'bytes', 'comment'];

/** The additional data SOPS binds a value to: its path of keys, each followed by ":" (list indices omitted). */
export function additionalDataOf(path: readonly string[]): string {
  return path.map((key) => `${key}:`).join('');
}
