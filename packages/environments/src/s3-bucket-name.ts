/**
 * The S3 rule a bucket name breaks, or undefined when it follows them all (Amazon's general
 * purpose bucket naming rules, which S3-compatible providers such as OVH follow).
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `3 to 63 characters (this one has ${name.length})`;
  if (!/^[a-z0-9.-]+$/.test(name)) return 'only lower-case letters, digits, dots and hyphens';
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return 'it begins and ends with a letter or a digit';
  if (name.includes('..')) return 'no two adjacent dots';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return 'not formatted as an IP address';
  const prefix = reservedPrefixes.find((reserved) => name.startsWith(reserved));
  if (prefix) return `not starting with "${prefix}" (reserved)`;
  const suffix = reservedSuffixes.find((reserved) => name.endsWith(reserved));
  if (suffix) return `not ending with "${suffix}" (reserved for ${suffixUses[suffix]})`;
  return undefined;
}

const reservedPrefixes = ['xn--', 'sthree-', 'amzn-s3-demo-'] as const;
const suffixUses: Readonly<Record<string, string>> = {
  '-s3alias': 'access point aliases',
  '--ol-s3': 'Object Lambda access point aliases',
  '.mrap': 'Multi-Region Access Points',
  '--x-s3': 'directory buckets',
  '--table-s3': 'table buckets',
};
const reservedSuffixes = Object.keys(suffixUses);
