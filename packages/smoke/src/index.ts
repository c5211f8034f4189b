import { defineComponent } from '@open4goods/kit';
import { mysqlUnitName } from '@open4goods/mysql';
import { xwikiUnitName } from '@open4goods/xwiki';
import { renderSmokeChecks, smokeSecretRequirements } from './checks.ts';
import { smokeUnitNames } from './names.ts';
import { renderNetworkProbeJobs } from './network-probes.ts';

export * from './names.ts';
export { type NetworkProbe, networkProbePlan, probeLines } from './network-probes.ts';

/**
 * The production checklist as code: Jobs Flux runs after the apps, on every change of what they
 * check and once per `smoke.rerunAfter` otherwise. A failed check is a failed reconciliation of
 * the unit (Flux health checks on the Jobs), visible with `flux get kustomizations` and in
 * Flux's own metrics and events.
 */
export default defineComponent({
  name: 'smoke',
  layer: 'apps',
  sourceDirectory: 'packages/smoke',
  units: [
    {
      name: smokeUnitNames.checks,
      // What the checks test, and the policies that let the smoke pods reach it.
      dependsOn: [`mysql/${mysqlUnitName}`, `xwiki/${xwikiUnitName}`, 'backups/jobs', 'netpol/apps-namespaces'],
      render: renderSmokeChecks,
      healthChecks: 'jobs',
      timeout: '15m',
    },
    {
      name: smokeUnitNames.networkProbes,
      // The policies under test, and the workloads the allowed probes connect to.
      dependsOn: ['netpol/infra-namespaces', 'netpol/apps-namespaces', `mysql/${mysqlUnitName}`],
      readsPlatform: true,
      render: renderNetworkProbeJobs,
      healthChecks: 'jobs',
      timeout: '10m',
    },
  ],
  secrets: smokeSecretRequirements,
});
