import { describe, expect, it } from 'vitest';
import { defineComponent, layers, type ComponentDefinition, type UnitDefinition } from './component.ts';

const unit = (name: string, extra: Partial<UnitDefinition> = {}): UnitDefinition => ({ name, render: () => [], ...extra });

const component = (overrides: Partial<ComponentDefinition> = {}): ComponentDefinition => ({
  name: 'mysql',
  layer: 'apps',
  sourceDirectory: 'packages/mysql',
  units: [unit('database'), unit('backup', { dependsOn: ['database'] })],
  ...overrides,
});

describe('defineComponent', () => {
  it('returns a valid component unchanged', () => {
    const definition = component();
    expect(defineComponent(definition)).toBe(definition);
  });

  it('orders the Flux layers infra, policies, apps', () => {
    expect(layers).toEqual(['infra', 'policies', 'apps']);
  });

  it.each(['MySQL', 'my_sql', '-mysql', 'mysql-', '1mysql', 'my.sql', 'my sql', ''])('refuses the component name %j', (name) => {
    expect(() => defineComponent(component({ name }))).toThrow(`packages/mysql/src/index.ts: component name "${name}" must be a lower-case DNS label`);
  });

  it.each(['cert-manager', 'x', 'x9', 'external-dns'])('accepts the component name %j', (name) => {
    expect(defineComponent(component({ name })).name).toBe(name);
  });

  it.each(['Database', 'data_base', 'database-', ''])('refuses the unit name %j', (name) => {
    expect(() => defineComponent(component({ units: [unit('ok'), unit(name)] }))).toThrow(
      `packages/mysql/src/index.ts: unit name "${name}" must be a lower-case DNS label`,
    );
  });

  it('refuses a unit declared twice', () => {
    expect(() => defineComponent(component({ units: [unit('database'), unit('backup'), unit('database')] }))).toThrow(
      'packages/mysql/src/index.ts: unit "database" is declared twice',
    );
  });

  it('refuses a component without units', () => {
    expect(() => defineComponent(component({ units: [] }))).toThrow('packages/mysql/src/index.ts: component "mysql" declares no unit');
  });

  it('names the source directory of the component in its errors', () => {
    expect(() => defineComponent(component({ sourceDirectory: 'packages/xwiki', name: 'XWiki' }))).toThrow(/^packages\/xwiki\/src\/index\.ts: /);
  });
});
