import { Ajv, type AnySchema, type ErrorObject } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (ajv: Ajv) => Ajv;

/** Validates with the JSON Schema draft the schema declares (draft-07, 2019-09 or 2020-12). */
function validatorFor(schema: Record<string, unknown>): Ajv {
  const declared = typeof schema.$schema === 'string' ? schema.$schema : '';
  const options = { strict: false, allErrors: true, validateFormats: true };
  const ajv = declared.includes('2020-12') ? new Ajv2020(options) : declared.includes('draft-07') ? new Ajv(options) : new Ajv2019(options);
  addFormats(ajv as Ajv);
  return ajv as Ajv;
}

function describeError(error: ErrorObject): string {
  return `${error.instancePath || '/'} ${error.message ?? 'is invalid'}${error.params && Object.keys(error.params).length > 0 ? ` ${JSON.stringify(error.params)}` : ''}`;
}

/**
 * The schema with every reference to another document (e.g. the Kubernetes JSON schemas a chart
 * points at for pod fields) accepted as it is: they cannot be fetched here, and those fields are
 * typed by kubernetes-models in the values interfaces anyway.
 */
function withoutRemoteReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRemoteReferences);
  if (typeof node !== 'object' || node === null) return node;
  const reference = (node as Record<string, unknown>).$ref;
  if (typeof reference === 'string' && !reference.startsWith('#')) return {};
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, withoutRemoteReferences(value)]));
}

/** The errors of a document against a JSON schema, as `path message` lines; empty when it is valid. */
export function schemaErrors(document: unknown, schema: AnySchema): string[] {
  const { $schema: _ignored, ...rest } = withoutRemoteReferences(schema) as Record<string, unknown>;
  const validate = validatorFor(schema as Record<string, unknown>).compile(rest);
  return validate(document) ? [] : (validate.errors ?? []).map(describeError);
}
