import type { Environment } from '@open4goods/environments';
import type { ComponentDefinition } from '@open4goods/kit';
import { createHash } from 'node:crypto';

/** A short, stable digest of anything JSON can write: same input, same revision. */
export function revisionOf(content: unknown): string {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}

/**
 * The revision of what a check tests: the render of the components it checks (their units that
 * do not derive from the platform) in this environment. Any change of theirs (an image bump, a
 * setting, a script) changes it, the Job's template with it, and Flux runs the check again.
 */
export function componentsRevision(environment: Environment, components: readonly ComponentDefinition[], extra: unknown): string {
  const rendered = components.map((component) => ({
    component: component.name,
    units: component.units.filter((unit) => !unit.readsPlatform).map((unit) => ({ unit: unit.name, objects: unit.render(environment) })),
  }));
  return revisionOf({ rendered, extra });
}
