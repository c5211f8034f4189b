import { loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { renderXwiki } from './testing/render.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** JSON pointer → value of every leaf of an object. */
function leaves(value: Json, pointer = '', into = new Map<string, Json>()): Map<string, Json> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, child] of entries) leaves(child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, into);
  } else {
    into.set(pointer, value);
  }
  return into;
}

/** What may differ between two environments: FQDN, issuer, sizes, images, and the namespace the overlay renames. */
const allowedDifferences: ReadonlyArray<readonly [kind: string, pointer: RegExp]> = [
  ['*', /^\/metadata\/namespace$/],
  ['Ingress', /^\/spec\/(rules\/0\/host|tls\/0\/hosts\/0)$/],
  ['Ingress', /^\/metadata\/annotations\/cert-manager\.io~1cluster-issuer$/],
  ['PersistentVolumeClaim', /^\/spec\/resources\/requests\/storage$/],
  ['Deployment', /^\/spec\/template\/spec\/containers\/0\/resources\/(requests|limits)\/(cpu|memory)$/],
  // JAVA_OPTS: its -Xmx follows the memory limit.
  ['Deployment', /^\/spec\/template\/spec\/containers\/0\/env\/0\/value$/],
  ['Deployment', /^\/spec\/template\/spec\/(initContainers|containers)\/[0-9]+\/image$/],
  // The Vault path of a Secret carries the namespace.
  ['ExternalSecret', /^\/spec\/data\/[0-9]+\/remoteRef\/key$/],
];

describe('prod and staging', () => {
  const render = (name: string) => renderXwiki(loadEnvironment(name)).map((object) => JSON.parse(JSON.stringify(object)) as Json & { kind: string; metadata: { name: string } });
  const prod = render('prod');
  const staging = render('staging');

  it('render the same objects', () => {
    const ids = (objects: typeof prod) => objects.map((object) => `${object.kind}/${object.metadata.name}`);
    expect(ids(prod)).toEqual(ids(staging));
  });

  it('differ only in FQDN, issuer, sizes, images and namespace', () => {
    const unexpected: string[] = [];
    for (const [index, prodObject] of prod.entries()) {
      const prodLeaves = leaves(prodObject);
      const stagingLeaves = leaves(staging[index]!);
      for (const pointer of new Set([...prodLeaves.keys(), ...stagingLeaves.keys()])) {
        if (prodLeaves.get(pointer) === stagingLeaves.get(pointer)) continue;
        const allowed = allowedDifferences.some(([kind, pattern]) => (kind === '*' || kind === prodObject.kind) && pattern.test(pointer));
        if (!allowed) unexpected.push(`${prodObject.kind}/${prodObject.metadata.name} ${pointer}`);
      }
    }
    expect(unexpected).toEqual([]);
  });

  it('do differ in FQDN, issuer and sizes', () => {
    const ingressHost = (objects: typeof prod) => leaves(objects.find((object) => object.kind === 'Ingress')!).get('/spec/rules/0/host');
    expect(ingressHost(prod)).not.toBe(ingressHost(staging));
    const storage = (objects: typeof prod) => leaves(objects.find((object) => object.kind === 'PersistentVolumeClaim')!).get('/spec/resources/requests/storage');
    expect(storage(prod)).not.toBe(storage(staging));
  });
});
