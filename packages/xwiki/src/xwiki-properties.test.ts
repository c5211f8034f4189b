import { loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { xwikiConfigMapName } from './names.ts';
import { parseJavaProperties } from './testing/java-properties.ts';
import { configMapFile, containerOf, podSpecOf } from './testing/render.ts';

describe.each(['prod', 'staging'] as const)('xwiki.properties in %s', (name) => {
  const environment = loadEnvironment(name);
  const settings = parseJavaProperties(configMapFile(environment, xwikiConfigMapName, 'xwiki.properties'));

  it('puts the permanent directory at /usr/local/xwiki/data, as the entrypoint does', () => {
    expect(settings.get('environment.permanentDirectory')).toBe('/usr/local/xwiki/data');
  });

  it('keeps the permanent directory on the xwiki-data claim, not on a scratch volume', () => {
    const pod = podSpecOf(environment);
    const directory = settings.get('environment.permanentDirectory')!;
    const mounts = containerOf(pod, 'xwiki').volumeMounts ?? [];
    const covering = mounts
      .filter((mount) => directory === mount.mountPath || directory.startsWith(`${mount.mountPath}/`))
      .sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
    expect(covering?.readOnly ?? false).toBe(false);
    const volume = pod.volumes?.find((candidate) => candidate.name === covering?.name);
    expect(volume?.persistentVolumeClaim?.claimName).toBe('xwiki-data');
  });

  it('starts the office server with XWiki, as the entrypoint does', () => {
    expect(settings.get('openoffice.autoStart')).toBe('true');
  });

  it('sets only those two keys: everything else keeps XWiki defaults, as in the shipped file', () => {
    expect([...settings.keys()].sort()).toEqual(['environment.permanentDirectory', 'openoffice.autoStart']);
  });
});
