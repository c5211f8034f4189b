import { defineEnvironment, loadEnvironment, parseByteQuantity } from '@open4goods/environments';
import { BuildInputError } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { minimumHeapMebibytes, xwikiHeapMebibytes, xwikiJavaOptions } from './java-options.ts';
import { containerOf, podSpecOf } from './testing/render.ts';

const fixtureFile = 'packages/environments/src/fixture.ts';
const withMemoryLimit = (memory: string) =>
  defineEnvironment('heap', fixtureFile, { xwiki: { resources: { requests: { memory }, limits: { memory } } } });

describe.each([
  { name: 'prod', heap: 2048 },
  { name: 'staging', heap: 1536 },
] as const)('JAVA_OPTS in $name', ({ name, heap }) => {
  const environment = loadEnvironment(name);
  const container = containerOf(podSpecOf(environment), 'xwiki');
  const javaOptions = container.env?.find((variable) => variable.name === 'JAVA_OPTS')?.value ?? '';
  const options = javaOptions.split(/\s+/);

  it(`sets -Xmx${heap}m, half of the ${environment.xwiki.resources.limits.memory} memory limit`, () => {
    // setenv.sh of the image appends -Xmx1024m unless JAVA_OPTS matches -Xmx<digits>.
    expect(javaOptions).toMatch(/-Xmx[0-9]+/);
    const xmx = options.filter((option) => option.startsWith('-Xmx'));
    expect(xmx).toEqual([`-Xmx${heap}m`]);
  });

  it('keeps the heap below the container memory limit, with room for what lives outside it', () => {
    const heapBytes = Number(/^-Xmx([0-9]+)m$/.exec(options.find((option) => option.startsWith('-Xmx'))!)![1]) * 2 ** 20;
    const limitBytes = parseByteQuantity(container.resources!.limits!.memory as string)!;
    expect(container.resources!.limits!.memory).toBe(environment.xwiki.resources.limits.memory);
    expect(heapBytes).toBeLessThan(limitBytes);
    expect(limitBytes - heapBytes).toBeGreaterThanOrEqual(1024 * 2 ** 20);
  });

  it('uses G1 with a 200 ms pause goal', () => {
    expect(options).toContain('-XX:+UseG1GC');
    expect(options).toContain('-XX:MaxGCPauseMillis=200');
  });

  it('dumps the heap on OOM onto the data volume, then exits', () => {
    expect(options).toContain('-XX:+HeapDumpOnOutOfMemoryError');
    expect(options).toContain('-XX:+ExitOnOutOfMemoryError');
    const dumpPath = options.find((option) => option.startsWith('-XX:HeapDumpPath='))!.split('=')[1]!;
    const mount = container.volumeMounts?.find((candidate) => candidate.mountPath === dumpPath);
    expect(mount?.name).toBe('data');
    expect(mount?.readOnly ?? false).toBe(false);
  });

  it('points user.home at the writable HOME', () => {
    const home = container.env?.find((variable) => variable.name === 'HOME')?.value;
    expect(options).toContain(`-Duser.home=${home}`);
  });

  it('is exactly the derived option list', () => {
    expect(options).toEqual(xwikiJavaOptions(environment));
  });
});

describe('xwikiHeapMebibytes', () => {
  it.each([
    ['2Gi', 1024],
    ['3Gi', 1536],
    ['4Gi', 2048],
    ['6000Mi', 3000],
    ['5G', 2384],
  ])('gives half of a %s limit: %i MiB', (memory, heap) => {
    expect(xwikiHeapMebibytes(withMemoryLimit(memory))).toBe(heap);
  });

  it('refuses a limit that leaves XWiki less than 1 GiB of heap, naming the file, the field and the fix', () => {
    const environment = withMemoryLimit('1536Mi');
    let caught: unknown;
    try {
      xwikiHeapMebibytes(environment);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(BuildInputError);
    const error = caught as BuildInputError;
    expect(error.file).toBe(fixtureFile);
    expect(error.field).toBe('xwiki.resources.limits.memory');
    expect(error.message).toBe(
      `${fixtureFile}: xwiki.resources.limits.memory: 1536Mi gives XWiki a heap of 768 MiB (50% of the limit); it needs at least ${minimumHeapMebibytes} MiB\n` +
        '  fix: set xwiki.resources.limits.memory (and the request) to at least 2Gi',
    );
  });

  it('makes the whole unit fail to render with that error', async () => {
    const { default: xwiki } = await import('./index.ts');
    expect(() => xwiki.units[0]!.render(withMemoryLimit('1Gi'))).toThrow(BuildInputError);
  });
});
