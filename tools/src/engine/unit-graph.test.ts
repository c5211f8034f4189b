import { describe, expect, it } from 'vitest';
import { fixtureComponent } from '../testing/fixtures.ts';
import { buildUnitGraph } from './unit-graph.ts';

const unit = (name: string, dependsOn: string[] = []) => ({ name, dependsOn, render: () => [] });

describe('buildUnitGraph', () => {
  it('orders dependencies first and resolves same-component and cross-component references', () => {
    const storage = fixtureComponent({ name: 'storage', layer: 'infra', units: [unit('config', ['controller']), unit('controller')] });
    const app = fixtureComponent({ name: 'app', units: [unit('server', ['storage/config'])] });
    const nodes = buildUnitGraph([app, storage]);
    expect(nodes.map((node) => node.id)).toEqual(['infra/storage/controller', 'infra/storage/config', 'apps/app/server']);
    expect(nodes.find((node) => node.id === 'apps/app/server')!.dependsOn).toEqual(['infra/storage/config']);
  });

  it('names the cycle', () => {
    const cyclic = fixtureComponent({ name: 'loop', units: [unit('a', ['b']), unit('b', ['c']), unit('c', ['a'])] });
    expect(() => buildUnitGraph([cyclic])).toThrow('unit dependency cycle: apps/loop/a -> apps/loop/b -> apps/loop/c -> apps/loop/a');
  });

  it('refuses a dependency no component declares', () => {
    const dangling = fixtureComponent({ name: 'app', units: [unit('server', ['database/main'])] });
    expect(() => buildUnitGraph([dangling])).toThrow('fixtures/app: unit app/server depends on "database/main", which no component declares');
  });
});
