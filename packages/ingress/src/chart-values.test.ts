import { loadEnvironment } from '@open4goods/environments';
import { chartValuesProblems, readReferenceText, referenceAvailable } from '@open4goods/kit/testing';
import { describe, expect, it } from 'vitest';
import { nginxIngressValues } from './controller.ts';

describe.runIf(referenceAvailable('charts/nginx-ingress/values.yaml'))('nginx-ingress values against the chart 2.6 defaults and schema', () => {
  it.each(['prod', 'staging'] as const)('every key set in %s is a key of the chart, and the merged values pass its schema', (name) => {
    expect(chartValuesProblems('nginx-ingress', nginxIngressValues(loadEnvironment(name)))).toEqual([]);
  });

  it('would catch a key of the retired ingress-nginx chart', () => {
    const values = nginxIngressValues(loadEnvironment('prod'));
    expect(chartValuesProblems('nginx-ingress', { ...values, controller: { ...values.controller, allowSnippetAnnotations: false } })).toContain(
      'not a key of the nginx-ingress chart: controller.allowSnippetAnnotations',
    );
  });
});

describe.runIf(referenceAvailable('charts/nginx-ingress/CONFIGMAP-KEYS.md'))("the controller configuration against F5's documented ConfigMap keys", () => {
  const documentedKeys = new Set([...readReferenceText('charts/nginx-ingress/CONFIGMAP-KEYS.md').matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((match) => match[1]));

  it('reads the documented keys', () => {
    expect(documentedKeys.size).toBeGreaterThan(10);
    expect(documentedKeys).toContain('hsts');
  });

  it.each(['prod', 'staging'] as const)('sets in %s only keys the controller documents (not ingress-nginx names such as proxy-body-size)', (name) => {
    const keys = Object.keys(nginxIngressValues(loadEnvironment(name)).controller.config.entries);
    expect(keys.filter((key) => !documentedKeys.has(key))).toEqual([]);
  });
});
