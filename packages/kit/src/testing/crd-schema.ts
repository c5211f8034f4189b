import type { KubernetesObject } from '../kubernetes-object.ts';
import { schemaErrors } from './json-schema.ts';
import { readReferenceYaml } from './reference-data.ts';

interface CustomResourceDefinition {
  readonly spec: {
    readonly group: string;
    readonly names: { readonly kind: string };
    readonly versions: readonly { readonly name: string; readonly served: boolean; readonly schema?: { readonly openAPIV3Schema?: object } }[];
  };
}

/** The openAPIV3Schema a CRD of the reference data declares for the object's apiVersion. */
export function crdSchemaFor(crdFile: string, object: Pick<KubernetesObject, 'apiVersion' | 'kind'>): object {
  const crd = readReferenceYaml(crdFile) as CustomResourceDefinition;
  const [group, version] = object.apiVersion.split('/');
  if (crd.spec.group !== group || crd.spec.names.kind !== object.kind) {
    throw new Error(`${crdFile} defines ${crd.spec.names.kind}.${crd.spec.group}, not ${object.kind}.${group}`);
  }
  const served = crd.spec.versions.find((candidate) => candidate.name === version && candidate.served);
  if (!served?.schema?.openAPIV3Schema) throw new Error(`${crdFile} serves no version ${version} with a schema`);
  return served.schema.openAPIV3Schema;
}

/**
 * What the API server's structural-schema validation would refuse in an object (types, enums,
 * required fields), plus fields the schema does not declare, which the API server silently prunes.
 */
export function crdValidationErrors(crdFile: string, object: KubernetesObject): string[] {
  const schema = crdSchemaFor(crdFile, object);
  const plain = JSON.parse(JSON.stringify(object)) as unknown;
  return [...schemaErrors(plain, schema), ...undeclaredFields(plain, schema as SchemaNode)];
}

interface SchemaNode {
  readonly type?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly items?: SchemaNode;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
}

function undeclaredFields(value: unknown, schema: SchemaNode, path = ''): string[] {
  if (schema['x-kubernetes-preserve-unknown-fields']) return [];
  if (Array.isArray(value)) return schema.items ? value.flatMap((item, index) => undeclaredFields(item, schema.items!, `${path}/${index}`)) : [];
  if (typeof value !== 'object' || value === null) return [];
  if (path === '/metadata') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = `${path}/${key}`;
    const declared = schema.properties?.[key];
    if (declared) return undeclaredFields(child, declared, childPath);
    if (typeof schema.additionalProperties === 'object') return undeclaredFields(child, schema.additionalProperties, childPath);
    if (schema.additionalProperties === true) return [];
    return [`${childPath} is not declared by the schema (the API server would drop it)`];
  });
}
