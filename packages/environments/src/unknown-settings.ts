import { defaultSettings } from './defaults.ts';
import type { Environment, EnvironmentSettings } from './environment.ts';
import { nearestName } from './nearest-name.ts';
import type { EnvironmentProblem } from './validation-error.ts';
import { type VariantSetting, variantSettingAt } from './variant-settings.ts';

/** The keys of an environment the loader derives rather than reads from a file. */
const derivedKeys: { readonly [K in Exclude<keyof Environment, keyof EnvironmentSettings>]-?: string } = { name: '', sourceFile: '', appNamespace: '' };

/** What an environment may hold: the defaults tree (which lists every setting) and the derived keys. */
const knownTree: unknown = { ...derivedKeys, ...defaultSettings };

/**
 * Every key of `candidate` that is not a setting: a misspelt key (`storgeSize`) would otherwise be
 * merged in and ignored while the default it meant to change stays. Known keys are those of the
 * defaults tree, and for a variant setting (variant-settings.ts) those of the variant its
 * discriminant names; a wrong discriminant is left to validation, which names the variants.
 */
export function unknownSettingProblems(candidate: unknown): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  visit(candidate, knownTree, '', problems);
  return problems;
}

function visit(value: unknown, known: unknown, path: string, problems: EnvironmentProblem[]): void {
  if (!isPlainObject(value) || !isPlainObject(known)) return;
  const variantSetting = variantSettingAt(path);
  let keys: readonly string[];
  let owner: string;
  if (variantSetting) {
    const variant = value[variantSetting.discriminant];
    const variantKeys = typeof variant === 'string' && Object.hasOwn(variantSetting.variants, variant) ? variantSetting.variants[variant]! : undefined;
    if (!variantKeys) return;
    keys = [variantSetting.discriminant, ...Object.keys(variantKeys)];
    owner = `${path} with ${variantSetting.discriminant} ${JSON.stringify(variant)}`;
  } else {
    keys = Object.keys(known);
    owner = path || 'an environment';
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = path ? `${path}.${key}` : key;
    if (keys.includes(key)) visit(child, known[key], childPath, problems);
    else problems.push({ field: childPath, expected: `one of the settings of ${owner} (${keys.join(', ')}): ${fixOf(key, keys, variantSetting)}`, actual: child });
  }
}

/** The nearest known key; else the variants that have the key; else removal. */
function fixOf(key: string, keys: readonly string[], variantSetting: VariantSetting | undefined): string {
  const nearest = nearestName(key, keys);
  if (nearest) return `did you mean "${nearest}"?`;
  const owners = Object.entries(variantSetting?.variants ?? {}).filter(([, variantKeys]) => Object.hasOwn(variantKeys, key));
  if (owners.length > 0) return `remove it, or use ${owners.map(([variant]) => `${variantSetting!.discriminant} ${JSON.stringify(variant)}`).join(' or ')}, which has it`;
  return 'remove it';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
