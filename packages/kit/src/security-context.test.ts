import { Pod } from 'kubernetes-models/v1/Pod';
import { describe, expect, it } from 'vitest';
import { hardenedContainerSecurityContext, hardenedPodSecurityContext } from './security-context.ts';

describe('hardenedPodSecurityContext', () => {
  it('runs as the given non-root identity with RuntimeDefault seccomp', () => {
    expect(hardenedPodSecurityContext({ runAsUser: 999, runAsGroup: 998, fsGroup: 997 })).toEqual({
      runAsNonRoot: true,
      runAsUser: 999,
      runAsGroup: 998,
      fsGroup: 997,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('defaults the group to the user and the fsGroup to the group', () => {
    const context = hardenedPodSecurityContext({ runAsUser: 1000 });
    expect(context.runAsGroup).toBe(1000);
    expect(context.fsGroup).toBe(1000);
    expect(hardenedPodSecurityContext({ runAsUser: 1000, runAsGroup: 2000 }).fsGroup).toBe(2000);
  });

  it('treats an identity field set to undefined as absent', () => {
    const context = hardenedPodSecurityContext({ runAsUser: 1000, runAsGroup: undefined, fsGroup: undefined });
    expect(context.runAsGroup).toBe(1000);
    expect(context.fsGroup).toBe(1000);
  });

  it.each([
    [{ runAsUser: 0 }, 'runAsUser', '0'],
    [{ runAsUser: -1 }, 'runAsUser', '-1'],
    [{ runAsUser: 1.5 }, 'runAsUser', '1.5'],
    [{ runAsUser: Number.NaN }, 'runAsUser', 'NaN'],
    [{ runAsUser: 1000, runAsGroup: 0 }, 'runAsGroup', '0'],
    [{ runAsUser: 1000, runAsGroup: -5 }, 'runAsGroup', '-5'],
    [{ runAsUser: 1000, fsGroup: 0 }, 'fsGroup', '0'],
  ])('refuses %j', (identity, field, value) => {
    expect(() => hardenedPodSecurityContext(identity)).toThrow(
      `hardened pods run as a non-root identity: ${field} must be a positive integer, got ${value}`,
    );
  });

  it('is accepted by the Pod model', () => {
    const pod = new Pod({
      metadata: { name: 'p' },
      spec: {
        securityContext: hardenedPodSecurityContext({ runAsUser: 999 }),
        containers: [{ name: 'c', image: 'busybox:1', securityContext: hardenedContainerSecurityContext() }],
      },
    });
    expect(() => pod.validate()).not.toThrow();
    expect(pod.spec?.securityContext?.runAsNonRoot).toBe(true);
  });
});

describe('hardenedContainerSecurityContext', () => {
  it('drops every capability, forbids privilege escalation and makes the root filesystem read-only by default', () => {
    expect(hardenedContainerSecurityContext()).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
  });

  it('inherits the identity of the pod unless told otherwise', () => {
    const context = hardenedContainerSecurityContext();
    expect(context).not.toHaveProperty('runAsUser');
    expect(context).not.toHaveProperty('runAsGroup');
  });

  it('allows a writable root filesystem only when asked', () => {
    expect(hardenedContainerSecurityContext({ readOnlyRootFilesystem: false }).readOnlyRootFilesystem).toBe(false);
    expect(hardenedContainerSecurityContext({ readOnlyRootFilesystem: true }).readOnlyRootFilesystem).toBe(true);
    expect(hardenedContainerSecurityContext({}).readOnlyRootFilesystem).toBe(true);
  });

  it('keeps the hardening when a writable root filesystem is asked for', () => {
    const context = hardenedContainerSecurityContext({ readOnlyRootFilesystem: false });
    expect(context.allowPrivilegeEscalation).toBe(false);
    expect(context.capabilities).toEqual({ drop: ['ALL'] });
    expect(context.runAsNonRoot).toBe(true);
  });

  it('sets an explicit identity', () => {
    const context = hardenedContainerSecurityContext({ runAsUser: 65534, runAsGroup: 65533 });
    expect(context.runAsUser).toBe(65534);
    expect(context.runAsGroup).toBe(65533);
  });

  it.each([
    [{ runAsUser: 0 }, 'runAsUser', '0'],
    [{ runAsUser: -1 }, 'runAsUser', '-1'],
    [{ runAsUser: 1000, runAsGroup: -1 }, 'runAsGroup', '-1'],
    [{ runAsUser: 1000, runAsGroup: 0 }, 'runAsGroup', '0'],
    [{ runAsGroup: 0 }, 'runAsGroup', '0'],
    [{ runAsGroup: -1 }, 'runAsGroup', '-1'],
  ])('refuses %j', (options, field, value) => {
    expect(() => hardenedContainerSecurityContext(options)).toThrow(
      `hardened pods run as a non-root identity: ${field} must be a positive integer, got ${value}`,
    );
  });

  it('sets only the group when only the group is given', () => {
    const context = hardenedContainerSecurityContext({ runAsGroup: 1001 });
    expect(context.runAsGroup).toBe(1001);
    expect(context).not.toHaveProperty('runAsUser');
  });
});
