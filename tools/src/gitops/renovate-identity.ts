import type { DeployedChart } from '../engine/charts.ts';
import type { ExtractedDependency } from '../testing/renovate.ts';

// How the tests line up what Renovate extracts with what the engine deploys: both sides are
// reduced to the same strings, so a difference reads as a plain list.

/** Renovate's custom regex managers (renovate.json) report under this manager name. */
export const declarationManager = 'regex';

/** A version declared in TypeScript after a `// renovate:` comment. */
export const isDeclaration = (dependency: ExtractedDependency): boolean => dependency.manager === declarationManager;

/** `repository:tag@digest`, the form `o4g images` prints. */
export function imageOf(dependency: ExtractedDependency): string {
  return `${dependency.depName}:${dependency.currentValue}${dependency.currentDigest ? `@${dependency.currentDigest}` : ''}`;
}

const withoutTrailingSlash = (url: string): string => url.replace(/\/+$/, '');

/** `helm <repository url> <chart> <version>` or `oci <registry/path/chart> <version>`. */
export function chartIdentity(dependency: ExtractedDependency): string {
  if (dependency.datasource === 'helm') {
    return `helm ${withoutTrailingSlash(dependency.registryUrls?.[0] ?? '?')} ${dependency.depName} ${dependency.currentValue}`;
  }
  return `oci ${dependency.depName} ${dependency.currentValue}`;
}

export function deployedChartIdentity(chart: DeployedChart): string {
  return chart.sourceType === 'helm'
    ? `helm ${withoutTrailingSlash(chart.repositoryUrl)} ${chart.chart} ${chart.version}`
    : `oci ${chart.ociReference} ${chart.version}`;
}
