import { referenceExists, readReferenceJson, readReferenceYaml } from './reference-data.ts';
import { schemaErrors } from './json-schema.ts';

type Plain = Record<string, unknown>;

function isMap(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The key paths of `values` that the chart's defaults do not have. Below a default that is an empty
 * map (`{}`: a free-form map such as `controller.config.entries`), a null (`~`: a setting left to
 * the application) or a list, any content is the chart's to accept; elsewhere a key must exist, and
 * a map must not replace a scalar or the reverse.
 */
export function unknownValuePaths(values: unknown, defaults: unknown, path = ''): string[] {
  if (!isMap(values)) return [];
  if (!isMap(defaults)) return defaults === null || Array.isArray(defaults) ? [] : [`${path || '/'} (a map where the chart has ${JSON.stringify(defaults)})`];
  if (Object.keys(defaults).length === 0) return [];
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    const keyPath = path ? `${path}.${key}` : key;
    if (!(key in defaults)) {
      unknown.push(keyPath);
      continue;
    }
    const fallback = defaults[key];
    if (isMap(fallback) && value !== null && !isMap(value) && Object.keys(fallback).length > 0) {
      unknown.push(`${keyPath} (a ${Array.isArray(value) ? 'list' : typeof value} where the chart has a map)`);
      continue;
    }
    unknown.push(...unknownValuePaths(value, fallback, keyPath));
  }
  return unknown;
}

/** Helm's merge of user values onto chart defaults: maps merge key by key, anything else replaces. */
export function mergeHelmValues(defaults: unknown, values: unknown): unknown {
  if (!isMap(defaults) || !isMap(values)) return values === undefined ? defaults : values;
  const merged: Plain = { ...defaults };
  for (const [key, value] of Object.entries(values)) {
    if (value === null) delete merged[key];
    else merged[key] = mergeHelmValues(defaults[key], value);
  }
  return merged;
}

/** The chart's default values (`charts/<chart>/values.yaml` of the reference data). */
export function chartDefaults(chart: string): unknown {
  return readReferenceYaml(`charts/${chart}/values.yaml`);
}

/**
 * Everything wrong with a chart's values: keys the chart does not have and, when the chart ships a
 * values.schema.json, what the schema refuses in the merged values (as `helm install` would).
 */
export function chartValuesProblems(chart: string, values: unknown): string[] {
  const defaults = chartDefaults(chart);
  const problems = unknownValuePaths(values, defaults).map((path) => `not a key of the ${chart} chart: ${path}`);
  const schemaFile = `charts/${chart}/values.schema.json`;
  if (referenceExists(schemaFile)) {
    problems.push(...schemaErrors(mergeHelmValues(defaults, values), readReferenceJson(schemaFile) as object).map((error) => `refused by the ${chart} values schema: ${error}`));
  }
  return problems;
}
