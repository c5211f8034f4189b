import type { ComponentDefinition, UnitDefinition } from '@open4goods/kit';
import { type UnitAddress, unitId } from './layout.ts';

export interface UnitNode extends UnitAddress {
  readonly id: string;
  readonly definition: UnitDefinition;
  readonly componentDefinition: ComponentDefinition;
  /** Ids of the units this one waits for. */
  readonly dependsOn: readonly string[];
}

/**
 * Resolves every unit's `dependsOn` (`unit` or `component/unit`) and returns the units in an
 * order where dependencies come first. An unknown reference or a cycle is an error that names it.
 */
export function buildUnitGraph(components: readonly ComponentDefinition[]): UnitNode[] {
  const byComponentAndUnit = new Map<string, string>();
  for (const component of components) {
    for (const unit of component.units) {
      const address = { layer: component.layer, component: component.name, unit: unit.name };
      if (byComponentAndUnit.has(`${component.name}/${unit.name}`)) {
        throw new Error(`unit ${component.name}/${unit.name} is declared by two components`);
      }
      byComponentAndUnit.set(`${component.name}/${unit.name}`, unitId(address));
    }
  }

  const nodes = new Map<string, UnitNode>();
  for (const component of components) {
    for (const unit of component.units) {
      const dependsOn = (unit.dependsOn ?? []).map((reference) => {
        const qualified = reference.includes('/') ? reference : `${component.name}/${reference}`;
        const target = byComponentAndUnit.get(qualified);
        if (!target) {
          throw new Error(`${component.sourceDirectory}: unit ${component.name}/${unit.name} depends on "${reference}", which no component declares`);
        }
        return target;
      });
      const address = { layer: component.layer, component: component.name, unit: unit.name };
      const id = unitId(address);
      nodes.set(id, { ...address, id, definition: unit, componentDefinition: component, dependsOn: [...new Set(dependsOn)].sort() });
    }
  }
  return topologicalOrder(nodes);
}

function topologicalOrder(nodes: Map<string, UnitNode>): UnitNode[] {
  const ordered: UnitNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, path: string[]): void => {
    if (state.get(id) === 'done') return;
    if (state.get(id) === 'visiting') {
      const cycle = [...path.slice(path.indexOf(id)), id];
      throw new Error(`unit dependency cycle: ${cycle.join(' -> ')}`);
    }
    state.set(id, 'visiting');
    const node = nodes.get(id)!;
    for (const dependency of node.dependsOn) visit(dependency, [...path, id]);
    state.set(id, 'done');
    ordered.push(node);
  };
  for (const id of [...nodes.keys()].sort()) visit(id, []);
  return ordered;
}
