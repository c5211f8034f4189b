import { fileURLToPath } from 'node:url';

/** The root of this repository (tools/src/testing → ../../..). */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');
