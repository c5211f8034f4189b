import { type Environment, parseByteQuantity } from '@open4goods/environments';
import { BuildInputError } from '@open4goods/kit';
import { homeDirectory, xwikiVolumePath } from './paths.ts';

/**
 * The heap gets half of the container's memory limit. The other half is for what lives outside
 * the heap in the same cgroup: metaspace and code cache (XWiki loads thousands of classes),
 * thread stacks, direct buffers, the embedded Solr's memory-mapped index, and LibreOffice, which
 * the office importer runs as a separate process.
 */
export const heapShareOfMemoryLimit = 0.5;
/** Below this XWiki does not start reliably (the image's own default is -Xmx1024m). */
export const minimumHeapMebibytes = 1024;

const mebibyte = 2 ** 20;

/** The -Xmx of the environment, in MiB, derived from xwiki.resources.limits.memory. */
export function xwikiHeapMebibytes(environment: Environment): number {
  const limit = environment.xwiki.resources.limits.memory;
  const heap = Math.floor((parseByteQuantity(limit)! * heapShareOfMemoryLimit) / mebibyte);
  if (heap < minimumHeapMebibytes) {
    throw new BuildInputError(
      environment.sourceFile,
      'xwiki.resources.limits.memory',
      `${limit} gives XWiki a heap of ${heap} MiB (${heapShareOfMemoryLimit * 100}% of the limit); it needs at least ${minimumHeapMebibytes} MiB`,
      `set xwiki.resources.limits.memory (and the request) to at least ${Math.ceil(minimumHeapMebibytes / heapShareOfMemoryLimit / 1024)}Gi`,
    );
  }
  return heap;
}

/**
 * JAVA_OPTS of the XWiki container. An explicit -Xmx is required: the image's setenv.sh appends
 * -Xmx1024m to any JAVA_OPTS without one (and adds its URL-decoding and entropy flags itself).
 * A heap dump on OOM lands on the data volume, outside XWiki's permanent directory; then the JVM
 * exits so Kubernetes restarts a clean one instead of leaving a wedged wiki running. user.home is
 * set explicitly: the uid has no passwd entry, and XWiki and LibreOffice write below it.
 */
export function xwikiJavaOptions(environment: Environment): string[] {
  return [
    `-Xmx${xwikiHeapMebibytes(environment)}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=200',
    '-XX:+HeapDumpOnOutOfMemoryError',
    `-XX:HeapDumpPath=${xwikiVolumePath}`,
    '-XX:+ExitOnOutOfMemoryError',
    `-Duser.home=${homeDirectory}`,
  ];
}
