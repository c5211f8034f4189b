import { hardenedContainerSecurityContext, hardenedPodSecurityContext, renderNamespace } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { fixtureComponent, fixtureEnvironment } from '../testing/fixtures.ts';
import { checkPlatformRules } from './platform-rules.ts';
import { renderEnvironment } from './render.ts';

const deployment = (namespace: string, podSpec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace },
  spec: { selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } },
});

const hardened = {
  automountServiceAccountToken: false,
  securityContext: hardenedPodSecurityContext({ runAsUser: 1000 }),
  containers: [{ name: 'web', image: 'web:1', securityContext: hardenedContainerSecurityContext() }],
};

function check(objects: () => unknown[]): void {
  const component = fixtureComponent({ name: 'web', render: objects as never });
  checkPlatformRules(renderEnvironment(fixtureEnvironment('alpha'), [component], { readRepositoryFile: () => undefined }));
}

const restrictedNamespace = () => renderNamespace('web', { level: 'restricted' }, 'web');

describe('the platform rules of a render', () => {
  it('accept a hardened workload in a restricted namespace', () => {
    expect(() => check(() => [restrictedNamespace(), deployment('web', hardened)])).not.toThrow();
  });

  it('refuse a workload its namespace enforce level forbids, naming the control', () => {
    const privileged = { ...hardened, containers: [{ name: 'web', image: 'web:1', securityContext: { ...hardenedContainerSecurityContext(), privileged: true } }] };
    expect(() => check(() => [restrictedNamespace(), deployment('web', privileged)])).toThrow(
      /env alpha: the render breaks the platform rules:\n {2}Pod Security:\n {4}Deployment\/web\/web: violates restricted \(privileged\)\n {4} {4}privileged: container "web" is privileged\n {4} {4}\(namespace web enforces restricted\)/,
    );
  });

  it('accept at baseline what restricted refuses, in an exempted namespace', () => {
    const rootUser = { ...hardened, securityContext: { runAsUser: 0 } };
    expect(() => check(() => [renderNamespace('web', { level: 'baseline', exemptionReason: 'test' }, 'web'), deployment('web', rootUser)])).not.toThrow();
    expect(() => check(() => [restrictedNamespace(), deployment('web', rootUser)])).toThrow('violates restricted');
  });

  it('refuse a Namespace without the three Pod Security labels, or exempted without a reason', () => {
    const bare = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'bare' } };
    expect(() => check(() => [bare])).toThrow('Namespace bare: pod-security.kubernetes.io/enforce, audit and warn must be set to one level (got undefined, undefined, undefined)');
    const namespace = JSON.parse(JSON.stringify(renderNamespace('lax', { level: 'privileged', exemptionReason: 'hostPath' }, 'lax')));
    delete namespace.metadata.annotations;
    expect(() => check(() => [namespace])).toThrow('Namespace lax: Pod Security level privileged without the open4goods.org/pod-security-exemption annotation saying why');
    const mixed = JSON.parse(JSON.stringify(restrictedNamespace()));
    mixed.metadata.labels['pod-security.kubernetes.io/warn'] = 'baseline';
    expect(() => check(() => [mixed])).toThrow('(got restricted, restricted, baseline)');
  });

  it('refuse a workload in a namespace no unit renders', () => {
    expect(() => check(() => [deployment('nowhere', hardened)])).toThrow('Deployment/nowhere/web: its namespace nowhere is not rendered by any unit');
  });

  it('refuse a pod that mounts an API token it has no use for', () => {
    const { automountServiceAccountToken: _, ...mounting } = hardened;
    expect(() => check(() => [restrictedNamespace(), deployment('web', mounting)])).toThrow(
      'RBAC:\n    Deployment/web/web mounts an API token for ServiceAccount web/default, which no binding grants anything: set automountServiceAccountToken: false',
    );
  });

  it('accept the token when a RoleBinding grants the ServiceAccount something, or when its ServiceAccount disables it', () => {
    const { automountServiceAccountToken: _, ...mounting } = hardened;
    const withAccount = { ...mounting, serviceAccountName: 'controller' };
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'controller', namespace: 'web' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'controller' }, subjects: [{ kind: 'ServiceAccount', name: 'controller' }] };
    expect(() => check(() => [restrictedNamespace(), deployment('web', withAccount), binding])).not.toThrow();
    const account = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'controller', namespace: 'web' }, automountServiceAccountToken: false };
    expect(() => check(() => [restrictedNamespace(), deployment('web', withAccount), account])).not.toThrow();
  });

  it('refuse a second cluster-admin binding, and one to anything but a single Group', () => {
    const binding = (name: string, subjects: unknown[]) => ({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects,
    });
    const group = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'ops' };
    expect(() => check(() => [binding('ops', [group])])).not.toThrow();
    expect(() => check(() => [binding('ops', [group]), binding('more', [group])])).toThrow('cluster-admin is bound 2 times (ops, more)');
    expect(() => check(() => [binding('robot', [{ kind: 'ServiceAccount', name: 'ci', namespace: 'ci' }])])).toThrow(
      'ClusterRoleBinding robot grants cluster-admin to ServiceAccount ci: it must name exactly one Group',
    );
  });

  it('refuse a Secret rendered with values', () => {
    expect(() => check(() => [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'leak', namespace: 'web' }, stringData: { password: 'x' } }])).toThrow(
      "Secrets:\n    Secret web/leak is rendered with values: declare it in the component's secrets contract instead",
    );
  });
});

describe("the platform rules over the charts' render", () => {
  const helmRelease = { apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: { name: 'chart', namespace: 'web' }, spec: {} };
  // A stand-in for Helm: what the chart would render for the release.
  const checkWithChart = (chartObjects: Record<string, unknown>[], components = [fixtureComponent({ name: 'web', render: (() => [restrictedNamespace(), helmRelease]) as never })]) =>
    checkPlatformRules(
      renderEnvironment(fixtureEnvironment('alpha'), components, {
        readRepositoryFile: () => undefined,
        renderCharts: () => [{ chart: { release: 'web/chart', chart: 'chart', version: '1.0.0', sourceType: 'helm', repositoryUrl: 'https://charts.example.org' }, releaseName: 'chart', namespace: 'web', package: { path: '/c.tgz', sha256: '0', origin: 'mirror' }, objects: chartObjects as never, crdDirectoryNames: [] }],
      }),
    );

  it("refuse a chart's hook Job whose pod its namespace's level forbids, naming the hook", () => {
    const hook = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pre-upgrade', namespace: 'web', annotations: { 'helm.sh/hook': 'pre-upgrade' } },
      spec: { template: { spec: { ...hardened, containers: [{ name: 'hook', image: 'hook:1', securityContext: { privileged: true } }] } } },
    };
    expect(() => checkWithChart([hook])).toThrow(/Job\/web\/pre-upgrade: violates restricted[\s\S]*rendered by its chart, Helm hook pre-upgrade; namespace web enforces restricted/);
    expect(() => checkWithChart([{ ...hook, spec: { template: { spec: hardened } } }])).not.toThrow();
  });

  it("hold a chart's pod in a namespace the platform does not render to restricted", () => {
    const outside = { ...deployment('kube-system', { ...hardened, containers: [{ name: 'web', image: 'web:1' }] }) };
    expect(() => checkWithChart([outside])).toThrow(/namespace kube-system is not the platform's, so it is held to restricted/);
  });

  it("refuse a chart's cluster-admin grant, and an unused token unless the component declares the pod an API caller", () => {
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'chart-admin' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'ServiceAccount', name: 'chart', namespace: 'web' }] };
    expect(() => checkWithChart([binding])).toThrow(/ClusterRoleBinding chart-admin grants cluster-admin to ServiceAccount chart/);
    const tokenPod = deployment('web', { ...hardened, automountServiceAccountToken: true });
    expect(() => checkWithChart([tokenPod])).toThrow(/Deployment\/web\/web mounts an API token/);
    const declaring = fixtureComponent({ name: 'web', render: (() => [restrictedNamespace(), helmRelease]) as never });
    const caller = { ...declaring, chartWorkloads: () => [{ name: 'web', namespace: 'web', podLabels: { app: 'web' }, ports: [], callsKubernetesApi: true }] };
    expect(() => checkWithChart([tokenPod], [caller])).not.toThrow();
  });

  it("refuse a chart's template CRD that uninstalling the release would delete, and a chart's NetworkPolicy", () => {
    const crd = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'volumes.example.org' } };
    expect(() => checkWithChart([crd])).toThrow(/Data kept on removal:\n {4}chart chart 1\.0\.0 \(HelmRelease web\/chart\): CRD volumes\.example\.org is a template/);
    expect(() => checkWithChart([{ ...crd, metadata: { ...crd.metadata, annotations: { 'helm.sh/resource-policy': 'keep' } } }])).not.toThrow();
    const policy = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-all', namespace: 'web' } };
    expect(() => checkWithChart([policy])).toThrow(/Chart NetworkPolicies:\n {4}HelmRelease web\/chart \(chart chart 1\.0\.0\) renders NetworkPolicy allow-all/);
  });
});
