/**
 * Test support other packages reuse (the smoke package's end-to-end tests): a private MariaDB
 * server, an S3 server on loopback, the rclone variables pointing at it.
 */
export { PrivateMariadb, freePort } from './mariadb.ts';
export { LocalS3 } from './s3.ts';
export { localRcloneVariables } from './s3-environment.ts';
export { databaseToolsAvailable, s3ToolsAvailable } from './tools.ts';
export { zipArchive } from './zip.ts';
export { type S3Call, policyAllows, s3CallOf } from './s3-policy-evaluation.ts';
