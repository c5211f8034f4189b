/**
 * What an S3 credential may do, as least privilege: the key prefixes it may list and the object
 * keys it may read, or read and write. Components declare it with the Secret that carries the
 * keys (SecretRequirement.s3Access); the build turns it into the policy the operator attaches to
 * the credential (docs/runbooks/s3-credentials.md), in the AWS policy language that AWS, OVH and
 * MinIO all read.
 */
export interface S3Access {
  readonly bucket: string;
  /** Key prefixes it may list, each ending in `/` (a listing of any deeper prefix is allowed too). */
  readonly list: readonly string[];
  /** Key patterns (`*` matches any run of characters) of the objects it may read. */
  readonly read: readonly string[];
  /** Key patterns of the objects it may also write and delete: a subset of `read`. */
  readonly write: readonly string[];
}

export interface S3PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: { readonly StringLike: { readonly 's3:prefix': readonly string[] } };
}

export interface S3Policy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly S3PolicyStatement[];
}

/** The S3 actions of each right. s3:PutObject covers the parts of a multipart upload; aborting one is its own action. */
export const s3PolicyActions = {
  list: ['s3:ListBucket'],
  read: ['s3:GetObject'],
  write: ['s3:PutObject', 's3:DeleteObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
} as const;

const objectArn = (bucket: string, key: string) => `arn:aws:s3:::${bucket}/${key}`;

/**
 * The identity policy of a credential: listing restricted by the s3:prefix condition (a listing
 * of the whole bucket is refused), objects by their keys. Nothing else is allowed: no bucket
 * creation or configuration, no other bucket.
 */
export function s3AccessPolicy(access: S3Access): S3Policy {
  const statements: S3PolicyStatement[] = [
    {
      Sid: 'ListOwnPrefixes',
      Effect: 'Allow',
      Action: s3PolicyActions.list,
      Resource: [`arn:aws:s3:::${access.bucket}`],
      Condition: { StringLike: { 's3:prefix': access.list.map((prefix) => `${prefix}*`) } },
    },
    { Sid: 'ReadOwnObjects', Effect: 'Allow', Action: s3PolicyActions.read, Resource: access.read.map((key) => objectArn(access.bucket, key)) },
  ];
  if (access.write.length > 0) {
    statements.push({ Sid: 'WriteOwnObjects', Effect: 'Allow', Action: s3PolicyActions.write, Resource: access.write.map((key) => objectArn(access.bucket, key)) });
  }
  return { Version: '2012-10-17', Statement: statements };
}
