import type { S3Policy } from '@open4goods/kit';
import type { RecordedRequest } from './s3.ts';

/** One S3 call as an identity policy sees it: its action, the resource it acts on, its s3:prefix (listings). */
export interface S3Call {
  readonly action: string;
  readonly resource: string;
  readonly prefix?: string;
}

/**
 * The S3 call a recorded request is, by the REST API's rules (the action names of the AWS
 * authorization reference): a listing of the bucket, a read, an upload (whole or by parts), an
 * abort or a delete of an object. A request this does not know fails the test, so a new kind of
 * call in a script is never taken as allowed by default.
 */
export function s3CallOf(request: RecordedRequest, bucket: string): S3Call {
  const query = new URLSearchParams(request.query);
  const bucketPath = `/${bucket}`;
  if (request.path === bucketPath || request.path === `${bucketPath}/`) {
    if ((request.method === 'GET' && !query.has('location') && !query.has('uploads')) || request.method === 'HEAD') {
      return { action: 's3:ListBucket', resource: `arn:aws:s3:::${bucket}`, prefix: query.get('prefix') ?? '' };
    }
  } else if (request.path.startsWith(`${bucketPath}/`)) {
    const resource = `arn:aws:s3:::${bucket}/${request.path.slice(bucketPath.length + 1)}`;
    if (request.method === 'GET' && query.has('uploadId')) return { action: 's3:ListMultipartUploadParts', resource };
    if (request.method === 'GET' || request.method === 'HEAD') return { action: 's3:GetObject', resource };
    if (request.method === 'PUT' && request.headers['x-amz-copy-source'] === undefined) return { action: 's3:PutObject', resource };
    if (request.method === 'POST' && (query.has('uploads') || query.has('uploadId'))) return { action: 's3:PutObject', resource };
    if (request.method === 'DELETE' && query.has('uploadId')) return { action: 's3:AbortMultipartUpload', resource };
    if (request.method === 'DELETE') return { action: 's3:DeleteObject', resource };
  }
  throw new Error(`an S3 request this evaluation does not know: ${request.method} ${request.path}?${request.query}`);
}

/** AWS's wildcards in a policy's strings: `*` any run of characters, `?` one. */
function wildcardMatches(pattern: string, value: string): boolean {
  const expression = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${expression}$`, 's').test(value);
}

/**
 * Whether an identity policy of Allow statements (what s3AccessPolicy writes) allows the call:
 * some statement names its action and matches its resource, and its StringLike condition on
 * s3:prefix, if any, matches the call's prefix (a call without one fails it, as in AWS).
 */
export function policyAllows(policy: S3Policy, call: S3Call): boolean {
  return policy.Statement.some((statement) => {
    if (statement.Effect !== 'Allow') return false;
    if (!statement.Action.some((action) => wildcardMatches(action, call.action))) return false;
    if (!statement.Resource.some((resource) => wildcardMatches(resource, call.resource))) return false;
    const prefixes = statement.Condition?.StringLike['s3:prefix'];
    if (prefixes === undefined) return true;
    return call.prefix !== undefined && prefixes.some((prefix) => wildcardMatches(prefix, call.prefix!));
  });
}
