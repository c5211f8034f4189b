/**
 * Vitest setup: the charts every render needs come from the packaged charts of the shared
 * reference data (a Helm repository directory), as .ci/run sets it, unless O4G_CHART_MIRROR says
 * otherwise. Child processes (the o4g CLI under test) inherit it.
 */
import { join } from 'node:path';
import { chartMirrorVariable } from '../engine/chart-packages.ts';
import { sharedDataAvailable, sharedDirectory } from './shared.ts';

if (!process.env[chartMirrorVariable] && sharedDataAvailable('reference/helm-charts', 'rendering the HelmReleases from the packaged charts')) {
  process.env[chartMirrorVariable] = join(sharedDirectory(), 'reference', 'helm-charts');
}
