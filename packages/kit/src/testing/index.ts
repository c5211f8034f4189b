export * from './chart-values.ts';
export * from './crd-schema.ts';
export * from './json-schema.ts';
export * from './reference-data.ts';
export * from './external-tool.ts';
export * from './run-program.ts';
