/** See packages/kit/src/reference-data.ts: the upstream reference data, found through O4G_SHARED_DIR. */
export { podSecurityFixtureSource, sharedDataAvailable, sharedDirectory } from '@open4goods/kit';
