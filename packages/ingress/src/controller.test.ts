import { HelmRelease } from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease';
import { OCIRepository } from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository';
import { type Environment, defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { ingressClassName } from '@open4goods/kit';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { describe, expect, it } from 'vitest';
import ingress from './index.ts';
import type { NginxIngressValues } from './nginx-ingress-values.ts';

function controllerObjects(environment: Environment) {
  const objects = ingress.units.find((unit) => unit.name === 'controller')!.render(environment);
  expect(objects).toHaveLength(3);
  return {
    namespace: objects.find((object): object is Namespace => object instanceof Namespace)!,
    repository: objects.find((object): object is OCIRepository => object instanceof OCIRepository)!,
    release: objects.find((object): object is HelmRelease => object instanceof HelmRelease)!,
  };
}

const valuesOf = (environment: Environment) => controllerObjects(environment).release.spec!.values as unknown as NginxIngressValues;

describe('ingress units', () => {
  it('has one controller unit, applied after the monitoring CRDs', () => {
    expect(ingress.units.map((unit) => [unit.name, unit.dependsOn])).toEqual([['controller', ['observability/crds']]]);
    expect(ingress.layer).toBe('infra');
  });
});

describe.each(['prod', 'staging'] as const)('the NGINX ingress controller in %s', (name) => {
  const environment = loadEnvironment(name);
  const { namespace, repository, release } = controllerObjects(environment);
  const values = valuesOf(environment);
  const entries = values.controller.config.entries;

  it('runs in a restricted namespace', () => {
    expect(namespace.metadata?.name).toBe('nginx-ingress');
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
  });

  it("is F5's NGINX Ingress Controller chart (nginx/kubernetes-ingress) from its OCI registry, pinned", () => {
    expect(() => repository.validate()).not.toThrow();
    expect(repository.spec?.url).toBe('oci://ghcr.io/nginx/charts/nginx-ingress');
    expect(repository.spec?.ref?.tag).toMatch(/^2\.[0-9]+\.[0-9]+$/);
    expect(() => release.validate()).not.toThrow();
    expect(release.spec?.chartRef).toEqual({ kind: 'OCIRepository', name: 'nginx-ingress', namespace: 'nginx-ingress' });
    expect(release.spec?.install?.remediation?.retries).toBeGreaterThan(0);
    expect(release.spec?.upgrade?.remediation?.remediateLastFailure).toBe(true);
  });

  it('serves the IngressClass nginx the other packages use, without becoming the default class', () => {
    expect(values.controller.ingressClass).toEqual({ name: ingressClassName, create: true, setAsDefaultIngress: false });
    expect(ingressClassName).toBe('nginx');
  });

  it('sends HSTS for one year with includeSubDomains', () => {
    expect(entries.hsts).toBe('True');
    expect(entries['hsts-max-age']).toBe('31536000');
    expect(entries['hsts-include-subdomains']).toBe('True');
  });

  it('speaks TLS 1.2 and 1.3 only', () => {
    expect(entries['ssl-protocols'].split(' ').sort()).toEqual(['TLSv1.2', 'TLSv1.3']);
  });

  it('offers only forward-secret AEAD cipher suites for TLS 1.2', () => {
    const ciphers = entries['ssl-ciphers'].split(':');
    expect(ciphers.length).toBeGreaterThanOrEqual(4);
    for (const cipher of ciphers) expect(cipher).toMatch(/^ECDHE-(ECDSA|RSA)-(AES(128|256)-GCM-SHA(256|384)|CHACHA20-POLY1305)$/);
    expect(entries['ssl-ciphers']).not.toMatch(/CBC|SHA1$|RC4|3DES|MD5|NULL|EXPORT|!/);
  });

  it('redirects plain HTTP to HTTPS, keeping the method', () => {
    expect(entries['ssl-redirect']).toBe('True');
    expect(entries['http-redirect-code']).toBe('308');
  });

  it('hides the NGINX version (server_tokens off)', () => {
    expect(entries['server-tokens']).toBe('False');
  });

  it('accepts request bodies of the environment size, for XWiki attachments', () => {
    expect(entries['client-max-body-size']).toBe(environment.ingress.clientMaxBodySize);
    expect(entries['client-max-body-size']).toBe('100m');
  });

  it('refuses configuration snippets and does not enable the custom resources (so no CRDs are installed)', () => {
    expect(values.controller.enableSnippets).toBe(false);
    expect(values.controller.enableCustomResources).toBe(false);
    expect(release.spec?.install?.crds).toBe('Skip');
    expect(release.spec?.upgrade?.crds).toBe('Skip');
  });

  it('exposes Prometheus metrics with a Service and a ServiceMonitor', () => {
    expect(values.prometheus).toEqual({ create: true, port: 9113, service: { create: true }, serviceMonitor: { create: true } });
    // The 5xx-ratio alert and the request panels count responses by status code from these histograms.
    expect(values.controller.enableLatencyMetrics).toBe(true);
  });

  it("labels the controller pods and fixes their ports, as NetworkPolicies select them", () => {
    expect(values.controller.pod.extraLabels).toEqual({ 'open4goods.org/workload': 'ingress-controller' });
    expect(values.controller.containerPort).toEqual({ http: 80, https: 443 });
    const [workload, ...others] = ingress.chartWorkloads!(environment);
    expect(others).toEqual([]);
    expect(workload).toEqual({
      name: 'ingress-controller',
      namespace: 'nginx-ingress',
      podLabels: values.controller.pod.extraLabels,
      ports: [
        { name: 'http', port: 80, protocol: 'TCP' },
        { name: 'https', port: 443, protocol: 'TCP' },
        { name: 'prometheus', port: values.prometheus.port, protocol: 'TCP' },
      ],
      callsKubernetesApi: true,
    });
  });

  it('sends no telemetry to F5', () => {
    expect(values.controller.telemetryReporting.enable).toBe(false);
  });

  it('writes every configuration value as a string the controller parses (Go booleans, integers)', () => {
    for (const [key, value] of Object.entries(entries)) expect(typeof value, key).toBe('string');
    for (const key of ['hsts', 'hsts-include-subdomains', 'ssl-prefer-server-ciphers', 'ssl-redirect', 'server-tokens', 'http2'] as const) {
      expect(['True', 'False'], key).toContain(entries[key]);
    }
  });
});

describe('Pod Security restricted, as the controller is configured', () => {
  const values = valuesOf(loadEnvironment('prod'));
  const pod = values.controller.podSecurityContext;

  it.each([
    ['controller', values.controller.securityContext],
    ['init container', values.controller.initContainerSecurityContext],
  ] as const)('the %s container runs non-root, without privilege escalation, with a read-only root filesystem', (_name, container) => {
    expect(container.allowPrivilegeEscalation).toBe(false);
    expect(container.privileged).toBe(false);
    expect(container.runAsNonRoot).toBe(true);
    expect(container.runAsUser).toBe(101);
    expect(container.readOnlyRootFilesystem).toBe(true);
    expect(container.capabilities?.drop).toEqual(['ALL']);
    expect(container.seccompProfile?.type ?? pod.seccompProfile?.type).toBe('RuntimeDefault');
  });

  it('adds back only NET_BIND_SERVICE (the one capability restricted allows) to the controller, for ports 80 and 443', () => {
    expect(values.controller.securityContext.capabilities?.add).toEqual(['NET_BIND_SERVICE']);
    expect(values.controller.initContainerSecurityContext.capabilities?.add).toBeUndefined();
  });

  it('sets RuntimeDefault seccomp at pod level', () => {
    expect(pod).toEqual({ seccompProfile: { type: 'RuntimeDefault' } });
  });
});

describe('replicas', () => {
  it('runs one controller on one node and two from two nodes on', () => {
    const prod = loadEnvironment('prod');
    expect(valuesOf(prod).controller.replicaCount).toBe(1);
    expect(valuesOf(defineEnvironment('prod', prod.sourceFile, { cluster: { nodeCount: 3 } }, prod)).controller.replicaCount).toBe(2);
  });

  it('follows another body size in the environment', () => {
    const prod = loadEnvironment('prod');
    const larger = defineEnvironment('prod', prod.sourceFile, { ingress: { clientMaxBodySize: '1g' } }, prod);
    expect(valuesOf(larger).controller.config.entries['client-max-body-size']).toBe('1g');
  });
});
