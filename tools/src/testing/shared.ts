/** See packages/kit/src/reference-data.ts: the shared reference data beside the repository. */
import { sharedDataAvailable, sharedDirectory as sharedDirectoryOf } from '@open4goods/kit';

export const sharedDirectory = sharedDirectoryOf();
export { sharedDataAvailable };
