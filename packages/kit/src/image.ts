import type { Environment } from '@open4goods/environments';
import { BuildInputError } from './input-error.ts';

// repository[:tag][@sha256:<64 hex>]; the repository may carry a registry host with a port.
const referencePattern = /^(?<repository>[a-z0-9]+(?:[._/-][a-z0-9]+)*(?::[0-9]+\/[a-z0-9]+(?:[._/-][a-z0-9]+)*)?)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

/** Where an image reference is written, so errors can send the operator to the line to change. */
export interface ImageDeclaration {
  /** The full reference, `repository:tag@sha256:…` (Renovate keeps tag and digest current). */
  readonly reference: string;
  /** Workspace-relative file that declares it. */
  readonly file: string;
  /** The constant holding it. */
  readonly constant: string;
}

/** A parsed container image reference. */
export class ImageReference {
  private constructor(
    readonly repository: string,
    readonly tag: string | undefined,
    readonly digest: string | undefined,
  ) {}

  /** Parses `repository[:tag][@sha256:…]`; a malformed reference is an error naming its declaration. */
  static parse(declaration: ImageDeclaration): ImageReference {
    const match = referencePattern.exec(declaration.reference);
    if (!match?.groups || (!match.groups.tag && !match.groups.digest)) {
      throw new BuildInputError(
        declaration.file,
        declaration.constant,
        `"${declaration.reference}" is not an image reference with a tag and/or digest`,
        'write it as repository:tag@sha256:<64 hex digits>, e.g. mysql:8.4.11@sha256:…',
      );
    }
    return new ImageReference(match.groups.repository!, match.groups.tag, match.groups.digest);
  }

  toString(): string {
    return `${this.repository}${this.tag ? `:${this.tag}` : ''}${this.digest ? `@${this.digest}` : ''}`;
  }
}

/**
 * The image string a container gets in an environment. Environments that require digests (prod)
 * refuse an unpinned image: a tag can be re-pushed, a digest cannot.
 */
export function imageFor(environment: Environment, declaration: ImageDeclaration): string {
  const image = ImageReference.parse(declaration);
  if (environment.images.requireDigest && !image.digest) {
    throw new BuildInputError(
      declaration.file,
      declaration.constant,
      `image "${declaration.reference}" has no digest, and environment "${environment.name}" (${environment.sourceFile}: images.requireDigest) deploys only pinned images`,
      `append the digest of the tag: ${image.repository}:${image.tag}@sha256:<digest> (Renovate's pinDigests keeps it current)`,
    );
  }
  return image.toString();
}
