/**
 * Vitest setup: the charts every render needs come from the mirror chart-packages.ts finds
 * (O4G_CHART_MIRROR, else the reference data's packaged charts), written into the environment so
 * child processes see the same one, also from a copy of the repository, whose ../shared is not there.
 * Without a mirror the renders would pull: locally that warns, under CI=true it fails here.
 */
import { chartMirrorDirectory, chartMirrorVariable } from '../engine/chart-packages.ts';
import { sharedDataAvailable } from './shared.ts';

const mirror = chartMirrorDirectory();
if (mirror) process.env[chartMirrorVariable] = mirror;
else sharedDataAvailable('reference/helm-charts', 'rendering the HelmReleases from the packaged charts');
