import { randomBytes } from 'node:crypto';
import { Document, Pair, Scalar, YAMLMap, YAMLSeq, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { type AgeStanza, unwrapDataKey, wrapDataKey } from './age-data-key.ts';
import { additionalDataOf, decryptValue, encryptValue, isEncryptedValue } from './sops-cipher.ts';
import { computeMacOfLeaves } from './sops-leaves.ts';

/** The sops release whose file format these files follow (written as `sops.version`); the tests run it. */
export const sopsFormatVersion = '3.13.3';
/** Only the values of a Secret are encrypted; kind, name and namespace stay readable for review and for Flux. */
export const sopsEncryptedRegex = '^(data|stringData)$';

/** A Secret in clear, as `o4g secrets` takes it from the operator. */
export interface PlainSecret {
  readonly name: string;
  readonly namespace: string;
  /** Key and value pairs, in the order they are written. */
  readonly stringData: readonly (readonly [string, string])[];
}

/** `2026-01-02T03:04:05Z`: Go's time.RFC3339 for a UTC time, which SOPS uses as the MAC's additional data. */
export function sopsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.[0-9]{3}Z$/, 'Z');
}

/**
 * Written with the YAML 1.1 schema, so every string that a YAML 1.1 reader (Go's yaml, which sops
 * and Flux use, or PyYAML) would take for a timestamp, a number, a boolean or null is quoted.
 */
function plainSecretDocument(secret: PlainSecret): Document {
  const document = new Document(undefined, { version: '1.1' });
  const root = new YAMLMap();
  const metadata = new YAMLMap();
  metadata.items.push(new Pair(new Scalar('name'), new Scalar(secret.name)), new Pair(new Scalar('namespace'), new Scalar(secret.namespace)));
  const stringData = new YAMLMap();
  for (const [key, value] of secret.stringData) stringData.items.push(new Pair(new Scalar(key), new Scalar(value)));
  root.items.push(
    new Pair(new Scalar('apiVersion'), new Scalar('v1')),
    new Pair(new Scalar('kind'), new Scalar('Secret')),
    new Pair(new Scalar('metadata'), metadata),
    new Pair(new Scalar('type'), new Scalar('Opaque')),
    new Pair(new Scalar('stringData'), stringData),
  );
  document.contents = root;
  return document;
}

type LeafVisitor = (scalar: Scalar, path: readonly string[]) => void;

/** Visits every scalar leaf in document order with its path of keys (the `sops` block excluded). */
export function visitLeaves(node: unknown, visit: LeafVisitor, path: readonly string[] = []): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
      if (path.length === 0 && key === 'sops') continue;
      visitLeaves(pair.value, visit, [...path, key]);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) visitLeaves(item, visit, path);
  } else if (isScalar(node)) {
    visit(node, path);
  }
}

const encryptedPath = (path: readonly string[]) => path.some((key) => new RegExp(sopsEncryptedRegex).test(key));

export interface EncryptOptions {
  readonly recipients: readonly string[];
  readonly now?: Date;
}

/** Encrypts a Secret the way `sops --encrypt` does with the repository's creation rule. */
export async function encryptSecret(secret: PlainSecret, options: EncryptOptions): Promise<string> {
  if (options.recipients.length === 0) throw new Error('no age recipient to encrypt to');
  const dataKey = randomBytes(32);
  const document = plainSecretDocument(secret);
  const lastModified = sopsTimestamp(options.now ?? new Date());
  const mac = computeMacOfLeaves(document.contents);
  visitLeaves(document.contents, (scalar, path) => {
    if (encryptedPath(path)) scalar.value = encryptValue(String(scalar.value), dataKey, additionalDataOf(path));
  });
  const stanzas = await wrapDataKey(dataKey, options.recipients);
  const sops = sopsMetadata(stanzas, lastModified, encryptValue(mac, dataKey, lastModified));
  (document.contents as YAMLMap).items.push(new Pair(new Scalar('sops'), sops));
  return document.toString({ lineWidth: 0, indent: 4, indentSeq: true });
}

/**
 * The `sops` block as sops 3.13.3 writes it (stores/stores.go Metadata, keys in its order). sops
 * decodes it into typed fields and refuses a file whose field has another type, so each scalar
 * must read back as a string: `lastmodified` in particular, which Go's YAML would otherwise read
 * as a timestamp (`'lastmodified' expected type 'string'`).
 */
function sopsMetadata(stanzas: readonly AgeStanza[], lastModified: string, encryptedMac: string): YAMLMap {
  const string = (value: string, type: Scalar.Type = Scalar.QUOTE_DOUBLE) => Object.assign(new Scalar(value), { type });
  const map = (entries: readonly (readonly [string, unknown])[]) => {
    const node = new YAMLMap();
    for (const [key, value] of entries) node.items.push(new Pair(new Scalar(key), value));
    return node;
  };
  const age = new YAMLSeq();
  for (const stanza of stanzas) age.items.push(map([['enc', string(stanza.enc, Scalar.BLOCK_LITERAL)], ['recipient', string(stanza.recipient)]]));
  return map([
    ['age', age],
    ['encrypted_regex', string(sopsEncryptedRegex)],
    ['lastmodified', string(lastModified)],
    ['mac', string(encryptedMac)],
    ['version', string(sopsFormatVersion)],
  ]);
}

export interface DecryptedSecret extends PlainSecret {
  /** The MAC matched: no value, encrypted or plain, was changed without the key. */
  readonly macVerified: true;
}

/** Decrypts a SOPS Secret with age identities and verifies its MAC, as sops and Flux do. */
export async function decryptSecret(text: string, identities: readonly string[]): Promise<DecryptedSecret> {
  const document = parseDocument(text);
  const sops = document.get('sops') as YAMLMap | undefined;
  if (!sops) throw new Error('not a SOPS file: no sops metadata');
  const stanzas = ((sops.toJSON() as { age?: AgeStanza[] }).age ?? []) as AgeStanza[];
  const dataKey = await unwrapDataKey(stanzas, identities);
  visitLeaves(document.contents, (scalar, path) => {
    if (isEncryptedValue(scalar.value)) scalar.value = decryptValue(scalar.value, dataKey, additionalDataOf(path));
  });
  const lastModified = String(sops.get('lastmodified'));
  const storedMac = decryptValue(String(sops.get('mac')), dataKey, lastModified);
  if (storedMac !== computeMacOfLeaves(document.contents)) throw new Error('MAC mismatch: the file was changed without its key');
  const pairsOf = (key: string): [string, string][] => {
    const map = document.get(key);
    return isMap(map) ? map.items.map((pair) => [String(isScalar(pair.key) ? pair.key.value : pair.key), String(isScalar(pair.value) ? pair.value.value : '')]) : [];
  };
  const fromData = pairsOf('data').map(([key, value]) => [key, Buffer.from(value, 'base64').toString('utf8')] as const);
  const plain = document.toJSON() as { metadata: { name: string; namespace: string } };
  return { name: plain.metadata.name, namespace: plain.metadata.namespace, stringData: [...fromData, ...pairsOf('stringData')], macVerified: true };
}

