import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { podSecurityAdmissionModule, sharedDataAvailable } from '../reference-data.ts';
import { referenceAvailable, sharedReferenceDirectory } from './reference-data.ts';

describe('referenceAvailable', () => {
  const saved = { CI: process.env.CI, O4G_SHARED_DIR: process.env.O4G_SHARED_DIR };
  let empty: string;
  beforeEach(() => {
    empty = mkdtempSync(join(tmpdir(), 'o4g-no-reference-'));
    process.env.O4G_SHARED_DIR = empty;
  });
  afterEach(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    rmSync(empty, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it('looks under O4G_SHARED_DIR/reference, the one setting', () => {
    expect(sharedReferenceDirectory()).toBe(join(empty, 'reference'));
  });

  it('outside CI, says a missing file is missing, which setting points at it and where to get it online', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(referenceAvailable('charts/longhorn/values.yaml')).toBe(false);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toContain(`${join(empty, 'reference/charts/longhorn/values.yaml')} not found`);
    expect(message).toContain('Point O4G_SHARED_DIR at the reference data');
    expect(message).toContain('helm pull <chart> --repo <url> --version <version>');
  });

  it('fails on a missing file under CI=true', () => {
    process.env.CI = 'true';
    expect(() => referenceAvailable('crds/longhorn-setting.yaml')).toThrow(/^required under CI=true: .*reference\/crds\/longhorn-setting.yaml not found.*deploy\/longhorn.yaml/);
  });

  it('names the Go module whose test data are the Pod Security fixtures', () => {
    delete process.env.CI;
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(sharedDataAvailable('conformance/pss', 'the conformance')).toBe(false);
    expect(String(warn.mock.calls[0]?.[0])).toContain(`go mod download -json k8s.io/pod-security-admission@${podSecurityAdmissionModule.version}`);
  });
});
