import { expect } from 'vitest';
import type { Environment } from '@open4goods/environments';
import type { KubernetesObject } from '@open4goods/kit';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIoK8sApiCoreV1Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1PodSpec } from 'kubernetes-models/v1/PodSpec';
import xwiki from '../index.ts';

/** Every object of the xwiki component's one unit in an environment. */
export function renderXwiki(environment: Environment): readonly KubernetesObject[] {
  expect(xwiki.units).toHaveLength(1);
  return xwiki.units[0]!.render(environment);
}

/** The one object of a kind and name; fails the test when there is none or several. */
export function objectOf<T extends KubernetesObject>(environment: Environment, kind: string, name: string): T {
  const found = renderXwiki(environment).filter((object) => object.kind === kind && object.metadata?.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind}/${name}, found ${found.length}`);
  return found[0] as T;
}

export function deploymentOf(environment: Environment): Deployment {
  const deployments = renderXwiki(environment).filter((object): object is Deployment => object instanceof Deployment);
  if (deployments.length !== 1) throw new Error(`expected one Deployment, found ${deployments.length}`);
  return deployments[0]!;
}

export function podSpecOf(environment: Environment): IIoK8sApiCoreV1PodSpec {
  return deploymentOf(environment).spec!.template.spec!;
}

export function allContainersOf(pod: IIoK8sApiCoreV1PodSpec): IIoK8sApiCoreV1Container[] {
  return [...(pod.initContainers ?? []), ...pod.containers];
}

export function containerOf(pod: IIoK8sApiCoreV1PodSpec, name: string): IIoK8sApiCoreV1Container {
  const found = allContainersOf(pod).find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no container named ${name}`);
  return found;
}

/** A file of a ConfigMap the component renders. */
export function configMapFile(environment: Environment, configMapName: string, key: string): string {
  const data = objectOf<KubernetesObject & { data?: Record<string, string> }>(environment, 'ConfigMap', configMapName).data ?? {};
  if (!(key in data)) throw new Error(`ConfigMap ${configMapName} has no key ${key}`);
  return data[key]!;
}
