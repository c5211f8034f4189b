/**
 * Deep-merges environment overrides onto the defaults. Plain objects merge key by key; arrays,
 * scalars and discriminated unions (objects with `status`, `kind` or `mode`: decisions, secret
 * backends, S3 encryption) replace the default whole, so an override can never produce a hybrid
 * of two variants.
 */
export function mergeOverrides<T>(base: T, overrides: unknown): T {
  if (overrides === undefined) return base;
  if (!isMergeable(base) || !isMergeable(overrides) || isDiscriminated(overrides)) return overrides as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(overrides)) {
    merged[key] = mergeOverrides((base as Record<string, unknown>)[key], value);
  }
  return merged as T;
}

function isMergeable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isDiscriminated(value: Record<string, unknown>): boolean {
  return 'status' in value || 'kind' in value || 'mode' in value;
}
