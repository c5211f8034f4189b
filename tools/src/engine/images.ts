import type { PlainObject } from './plain-object.ts';

const containerListKeys = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** Every container image of the objects (Pods, workload templates, CronJobs…), sorted and unique. */
export function imagesOf(objects: readonly PlainObject[]): string[] {
  const images = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (containerListKeys.has(key) && Array.isArray(value)) {
        for (const container of value) {
          const image = (container as { image?: unknown }).image;
          if (typeof image === 'string') images.add(image);
        }
      }
      visit(value);
    }
  };
  objects.forEach(visit);
  return [...images].sort();
}
