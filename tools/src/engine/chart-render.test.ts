import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toolchainCommand } from '@open4goods/kit';
import { parse } from 'yaml';
import { externalToolAvailable } from '@open4goods/kit/testing';
import { describe, expect, it } from 'vitest';
import { chartsOf } from './charts.ts';
import { helmTemplateArguments, renderChartRelease } from './chart-render.ts';
import { clusterApiVersions, clusterKubernetesVersion, undeclaredApiVersions } from './cluster-capabilities.ts';
import { planBuild } from './plan.ts';
import { objectsOf } from './render.ts';
import { scrapeReachViolations } from '../network-policy/scrape-reach.ts';
import { webhookReachViolations } from '../network-policy/webhook-reach.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { sharedDataAvailable } from '../testing/shared.ts';
import { buildInputOf, loadWorkspace } from '../workspace.ts';

const available = sharedDataAvailable('reference/helm-charts', 'rendering the HelmReleases') && externalToolAvailable(toolchainCommand('helm'), ['version'], 'rendering the HelmReleases');

describe('helmTemplateArguments', () => {
  const args = (install: Record<string, unknown>) => helmTemplateArguments({ install }, 'loki', 'observability', '/charts/loki.tgz', '/tmp/values.json');

  it("renders as helm-controller installs: release name, namespace, values, the clusters' version and API versions, CRDs", () => {
    const rendered = args({});
    expect(rendered.slice(0, 7)).toEqual(['template', 'loki', '/charts/loki.tgz', '--namespace', 'observability', '--values', '/tmp/values.json']);
    expect(rendered).toEqual(expect.arrayContaining(['--kube-version', clusterKubernetesVersion, '--include-crds']));
    expect(rendered.filter((arg, index) => rendered[index - 1] === '--api-versions')).toEqual([...clusterApiVersions]);
    expect(rendered).not.toContain('--skip-schema-validation');
  });

  it("leaves the chart's crds/ out when the release's CRD policy is Skip, and skips schema validation only when the release does", () => {
    expect(args({ crds: 'Skip' })).not.toContain('--include-crds');
    expect(args({ disableSchemaValidation: true })).toContain('--skip-schema-validation');
  });
});

describe('undeclaredApiVersions', () => {
  it('names a served CRD version the charts would not be told about', () => {
    const crd = { kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.org' }, spec: { group: 'example.org', versions: [{ name: 'v1', served: true }, { name: 'v0', served: false }] } };
    expect(undeclaredApiVersions([crd])).toEqual([expect.stringContaining('widgets.example.org serves example.org/v1, which clusterApiVersions')]);
  });
});

describe.runIf(available)('every HelmRelease of prod and staging, rendered by Helm from the packaged charts', () => {
  const plan = planBuild(buildInputOf(loadWorkspace(repositoryRoot)), { environments: ['prod', 'staging'] });

  describe.each(['prod', 'staging'])('%s', (name) => {
    const render = plan.renders.find((candidate) => candidate.environment.name === name)!;
    const releases = objectsOf(render).filter((object) => object.kind === 'HelmRelease');

    it('renders one chart per HelmRelease, each from the mirror at its pinned version, each installing objects', () => {
      expect(render.charts.map((chart) => chart.chart.release)).toEqual(releases.map((release) => `${release.metadata.namespace}/${release.metadata.name}`));
      for (const chart of render.charts) {
        expect(chart.package.origin, chart.chart.release).toBe('mirror');
        expect(chart.package.path.endsWith(`/${chart.chart.chart}-${chart.chart.version}.tgz`), chart.chart.release).toBe(true);
        expect(chart.objects.length, chart.chart.release).toBeGreaterThan(0);
      }
    });

    it('renders no chart NetworkPolicy: those of packages/netpol are the only ones (policies add up)', () => {
      expect(render.charts.flatMap((chart) => chart.objects.filter((object) => object.kind === 'NetworkPolicy').map((object) => `${chart.chart.release}: ${object.metadata.name}`))).toEqual([]);
    });

    it('keeps every CRD on uninstall: Helm never deletes those of crds/, and every template CRD carries the keep policy', () => {
      const crds = render.charts.flatMap((chart) => chart.objects.filter((object) => object.kind === 'CustomResourceDefinition').map((object) => ({ chart, object })));
      expect(crds.length).toBeGreaterThan(0);
      for (const { chart, object } of crds) {
        const annotations = (object.metadata.annotations ?? {}) as Record<string, string>;
        expect(chart.crdDirectoryNames.includes(object.metadata.name) || annotations['helm.sh/resource-policy'] === 'keep', `${chart.chart.release}: ${object.metadata.name}`).toBe(true);
      }
    });

    it('lets the API server reach every webhook and aggregated API the charts register, through the rendered policies', () => {
      const everything = [...objectsOf(render), ...render.charts.flatMap((chart) => chart.objects)];
      const registrations = everything.filter((object) => ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'APIService'].includes(object.kind)).map((object) => object.metadata.name);
      // Longhorn's manager registers its webhooks at run time: their flow stays declared by hand.
      expect(registrations).toEqual(expect.arrayContaining(['v1beta1.metrics.k8s.io', 'cert-manager-webhook', 'externalsecret-validate', 'kube-prometheus-stack-admission']));
      expect(webhookReachViolations(render.environment, objectsOf(render), render.charts.flatMap((chart) => chart.objects))).toEqual([]);
    });

    it('lets Prometheus reach every target of the ServiceMonitors of ours and of the charts, through the rendered policies', () => {
      const everything = [...objectsOf(render), ...render.charts.flatMap((chart) => chart.objects)];
      expect(everything.filter((object) => object.kind === 'ServiceMonitor').length).toBeGreaterThan(5);
      expect(scrapeReachViolations(render.environment, objectsOf(render), render.charts.flatMap((chart) => chart.objects))).toEqual([]);
    });

    it("tells the charts every API version the environment's CRDs serve", () => {
      expect(undeclaredApiVersions([...objectsOf(render), ...render.charts.flatMap((chart) => chart.objects)])).toEqual([]);
    });
  });

  it("staging's Loki renders: a single binary and none of the simple-scalable targets the chart refuses beside it", () => {
    const loki = plan.renders.find((candidate) => candidate.environment.name === 'staging')!.charts.find((chart) => chart.chart.release === 'observability/loki')!;
    const workloads = loki.objects.filter((object) => ['StatefulSet', 'Deployment'].includes(object.kind)).map((object) => `${object.kind}/${object.metadata.name}`);
    expect(workloads).toEqual(['StatefulSet/loki']);
  });

  it("fails with the chart's own message when the chart refuses the values", () => {
    const staging = objectsOf(plan.renders.find((candidate) => candidate.environment.name === 'staging')!);
    const release = staging.find((object) => object.kind === 'HelmRelease' && object.metadata.name === 'loki')!;
    const values = { ...(release.spec as { values: Record<string, unknown> }).values, write: { replicas: 3 } };
    const refused = { ...release, spec: { ...(release.spec as object), values } };
    expect(() => renderChartRelease(refused, chartsOf([refused, ...staging.filter((object) => object.kind !== 'HelmRelease')])[0]!)).toThrow(
      /HelmRelease observability\/loki \(chart loki 18\.11\.0\): helm template failed: Error: execution error at \(loki\/templates\/validate\.yaml:\d+:\d+\): You have more than zero replicas configured for both the monolithic and simple scalable targets/,
    );
  });
});

describe.runIf(available)('the amtool the tests check our Alertmanager configuration with', () => {
  it("is the release the chart deploys (the Alertmanager image of kube-prometheus-stack's render)", () => {
    const prod = planBuild(buildInputOf(loadWorkspace(repositoryRoot)), { environments: ['prod'] }).renders[0]!;
    const stack = prod.charts.find((chart) => chart.chart.chart === 'kube-prometheus-stack')!;
    const alertmanager = stack.objects.find((object) => object.kind === 'Alertmanager') as { spec: { image: string } } | undefined;
    const deployed = alertmanager?.spec.image.split(':').pop();
    const pinned = /github\.com\/prometheus\/alertmanager (v[\d.]+)/.exec(readFileSync(join(repositoryRoot, 'toolchain/alertmanager/go.mod'), 'utf8'))?.[1];
    expect(deployed).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(pinned).toBe(deployed);
  });

  it('has, in the same render, the always-firing Watchdog the heartbeat route sends to the outside service', () => {
    const prod = planBuild(buildInputOf(loadWorkspace(repositoryRoot)), { environments: ['prod'] }).renders[0]!;
    const rules = prod.charts.flatMap((chart) => chart.objects.filter((object) => object.kind === 'PrometheusRule')) as unknown as { spec: { groups: { rules: { alert?: string; expr: string }[] }[] } }[];
    const watchdog = rules.flatMap((rule) => rule.spec.groups.flatMap((group) => group.rules)).filter((rule) => rule.alert === 'Watchdog');
    expect(watchdog.map((rule) => String(rule.expr).trim())).toEqual(['vector(1)']);
  });
});

describe.runIf(available)("where Helm's output says each CRD comes from", () => {
  const staging = planBuild(buildInputOf(loadWorkspace(repositoryRoot)), { environments: ['staging'] }).renders[0]!;
  const chart = (release: string) => staging.charts.find((candidate) => candidate.chart.release === release)!;

  it("names the CRDs of a chart's crds/ directory (external-dns), and none of those a chart renders from templates (Longhorn, External Secrets)", () => {
    expect(chart('external-dns/external-dns').crdDirectoryNames).toEqual(['dnsendpoints.externaldns.k8s.io']);
    expect(chart('longhorn-system/longhorn').crdDirectoryNames).toEqual([]);
    expect(chart('external-secrets/external-secrets').crdDirectoryNames).toEqual([]);
    expect(chart('longhorn-system/longhorn').objects.filter((object) => object.kind === 'CustomResourceDefinition').length).toBeGreaterThan(10);
  });
});

describe.runIf(available)("Longhorn's post-render patches, applied by kustomize as helm-controller applies them", () => {
  const plan = planBuild(buildInputOf(loadWorkspace(repositoryRoot)), { environments: ['prod'] });
  const longhorn = plan.renders.find((candidate) => candidate.environment.name === 'prod')!.charts.find((chart) => chart.chart.release === 'longhorn-system/longhorn')!;

  it('drop the standing cluster-admin grant of the support bundle and the UI token, and keep the rest', () => {
    expect(longhorn.objects.some((object) => object.kind === 'ClusterRoleBinding' && object.metadata.name === 'longhorn-support-bundle')).toBe(false);
    expect(longhorn.objects.some((object) => object.kind === 'ClusterRoleBinding' && object.metadata.name === 'longhorn-bind')).toBe(true);
    const ui = longhorn.objects.find((object) => object.kind === 'Deployment' && object.metadata.name === 'longhorn-ui') as { spec: { template: { spec: { automountServiceAccountToken?: boolean } } } } | undefined;
    expect(ui?.spec.template.spec.automountServiceAccountToken).toBe(false);
  });

  it('give the Helm hook Jobs (post-upgrade, pre-delete) their own pod label, which their API egress policy selects', () => {
    const hookLabels = longhorn.objects
      .filter((object) => object.kind === 'Job' && (object.metadata.annotations as Record<string, string> | undefined)?.['helm.sh/hook'])
      .map((job) => `${job.metadata.name}: ${(job as unknown as { spec: { template: { metadata: { labels: Record<string, string> } } } }).spec.template.metadata.labels.app}`);
    expect(hookLabels.sort()).toEqual(['longhorn-post-upgrade: longhorn-post-upgrade', 'longhorn-uninstall: longhorn-uninstall']);
  });

  it("reach longhorn-manager's settings file: replicas, drain, rebuild, restore and engine upgrade as the component sets them", () => {
    const settingsMap = longhorn.objects.find((object) => object.kind === 'ConfigMap' && object.metadata.name === 'longhorn-default-setting') as { data: Record<string, string> } | undefined;
    const settings = parse(settingsMap!.data['default-setting.yaml']!) as Record<string, string>;
    expect(settings).toMatchObject({
      'default-replica-count': '{"v1":"1","v2":"1"}',
      'node-drain-policy': 'allow-if-replica-is-stopped',
      'concurrent-replica-rebuild-per-node-limit': '1',
      'concurrent-volume-backup-restore-per-node-limit': '2',
      'concurrent-automatic-engine-upgrade-per-node-limit': '1',
    });
  });

  it("keep every CRD on uninstall (the chart's are templates and it has no value for their annotations)", () => {
    const crds = longhorn.objects.filter((object) => object.kind === 'CustomResourceDefinition');
    expect(crds.map((crd) => (crd.metadata.annotations as Record<string, string>)['helm.sh/resource-policy'])).toEqual(crds.map(() => 'keep'));
    expect(crds.map((crd) => crd.metadata.name)).toContain('volumes.longhorn.io');
  });
});
