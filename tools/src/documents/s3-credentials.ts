import { s3AccessPolicy } from '@open4goods/kit';
import type { RenderedEnvironment } from '../engine/render.ts';
import { secretInventory } from '../status/secret-inventory.ts';

export const s3CredentialsDocument = 'docs/runbooks/s3-credentials.md';

/**
 * The policy of every S3 credential the components declare (SecretRequirement.s3Access), per
 * environment, as JSON the operator attaches to the credential's user: each may list and touch
 * only its own prefix and names, and the readers (restore test, smoke) may change nothing.
 */
export function renderS3CredentialsDocument(renders: readonly RenderedEnvironment[]): string {
  const sections = renders.map((render) => {
    const credentials = secretInventory(render).flatMap((entry) => (entry.requirement.s3Access ? [{ entry, access: entry.requirement.s3Access }] : []));
    return [
      `## ${render.environment.name}`,
      '',
      ...credentials.flatMap(({ entry, access }) => [
        `### \`${entry.requirement.namespace}/${entry.requirement.name}\``,
        '',
        `${entry.requirement.description}. ${access.write.length > 0 ? 'Reads and writes' : 'Reads only'}; bucket \`${access.bucket}\`.`,
        '',
        '```json',
        JSON.stringify(s3AccessPolicy(access), null, 2),
        '```',
        '',
      ]),
    ].join('\n');
  });
  return [
    '# S3 credentials and their policies',
    '',
    'One credential (a user with its access key) per Secret below, each with the policy shown, and',
    'no other right: generated from the decisions (bucket, prefix) and the names the jobs write, so',
    'a credential can touch only its own environment\'s backups. A backup writer lists its folders',
    'and writes and deletes only its environment\'s names; the restore test reads another',
    'environment\'s dumps with a credential that cannot change them; the smoke check reads only.',
    'The policies use the AWS policy language, which AWS IAM, OVHcloud Object Storage (users\'',
    'policies, imported as JSON) and MinIO (`mc admin policy create`) all accept. With SSE-KMS,',
    'also allow `kms:GenerateDataKey` and `kms:Decrypt` on the key to the writers and readers.',
    'Where the keys go: [platform-secrets.md](platform-secrets.md).',
    '',
    ...sections.flatMap((section) => [section, '']),
  ].join('\n');
}
