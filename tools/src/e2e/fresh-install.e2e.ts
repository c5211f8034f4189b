import { describe, expect, it } from 'vitest';
import { sharedDataAvailable } from '../testing/shared.ts';
import { controlPlaneAvailable } from './binaries.ts';
import { startControlPlane } from './control-plane.ts';
import { fluxProgramsAvailable } from './flux-programs.ts';
import { runFreshInstall } from './fresh-install.ts';

const available = controlPlaneAvailable() && fluxProgramsAvailable() && sharedDataAvailable('reference/helm-charts', 'the fresh-install scenario');

describe.skipIf(!available)('fresh install', () => {
  it('staging: from an empty cluster every Flux Kustomization and HelmRelease is Ready, in dependsOn order, within the generated timeouts', async () => {
    const log = (line: string) => console.log(line);
    const plane = await startControlPlane({ log });
    try {
      log(`kube-apiserver ${plane.versions.kubeApiServer}, etcd ${plane.versions.etcd}, kwok ${plane.versions.kwok}`);
      const result = await runFreshInstall({ kubeconfig: plane.kubeconfig, environment: 'staging', log });
      log(result.report);
      expect(result.units.filter((unit) => unit.kind === 'HelmRelease').length).toBeGreaterThan(0);
      expect(result.notReady).toEqual([]);
      expect(result.problems).toEqual([]);
    } finally {
      await plane.stop();
    }
  }, 3_600_000);
});
