import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repositoryRoot } from '../testing/repository.ts';

const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');

/** The README's table of the control plane: `toolchain/<module>` and the `<Go module> <version>` it pins. */
const rows = [...readme.matchAll(/^\| .* \| `toolchain\/([a-z-]+)` \| `(\S+) (v\S+)`/gm)].map(([, toolchain, module, version]) => ({ toolchain: toolchain!, module: module!, version: version! }));

describe('the README names the versions the control plane is built from', () => {
  it('finds the table (the extraction is not empty)', () => {
    expect(rows.map((row) => row.toolchain)).toEqual(['etcd', 'kubernetes', 'kwok']);
  });

  it.each(rows)('toolchain/$toolchain/go.mod requires $module $version', ({ toolchain, module, version }) => {
    const goMod = readFileSync(join(repositoryRoot, 'toolchain', toolchain, 'go.mod'), 'utf8');
    expect(goMod).toMatch(new RegExp(`^(require )?\\s*${module.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} ${version.replace(/\./g, '\\.')}( // indirect)?$`, 'm'));
  });

  it('says which staging version toolchain/kubernetes replaces every k8s.io module with', () => {
    const goMod = readFileSync(join(repositoryRoot, 'toolchain', 'kubernetes', 'go.mod'), 'utf8');
    const replaced = new Set([...goMod.matchAll(/^\s+k8s\.io\/\S+ => k8s\.io\/\S+ (v\S+)$/gm)].map(([, version]) => version));
    expect([...replaced]).toEqual([/every staging module at `(v\S+)`/.exec(readme)![1]]);
  });
});
