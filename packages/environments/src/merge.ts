import { variantSettingAt } from './variant-settings.ts';

/**
 * Deep-merges environment overrides onto the defaults. Plain objects merge key by key; arrays and
 * scalars replace the default, and so does the value of a variant setting (variant-settings.ts:
 * decisions, secret backends, S3 encryption, alert receivers), so an override can never produce a
 * hybrid of two variants. Keys the base does not have are kept: validation refuses them by name.
 */
export function mergeOverrides<T>(base: T, overrides: unknown, path = ''): T {
  if (overrides === undefined) return base;
  if (!isMergeable(base) || !isMergeable(overrides) || variantSettingAt(path)) return overrides as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = mergeOverrides((base as Record<string, unknown>)[key], value, path ? `${path}.${key}` : key);
  }
  return merged as T;
}

function isMergeable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
