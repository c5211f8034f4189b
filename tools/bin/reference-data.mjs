#!/usr/bin/env node
// `.ci/run setup`'s reference-data step: downloads the Pod Security fixtures' Go module (the pinned
// upstream artefact, through the Go module proxy, into the Go module cache), then says for each
// kind of reference data where the tests will read it, or that it is missing and where to get it.
// Usage: node tools/bin/reference-data.mjs [--require]   (--require: exit 1 when any is missing)
import './require-node.mjs';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  goModuleCache,
  missingReferenceDataMessage,
  podSecurityAdmissionModule,
  podSecurityModuleFixtures,
  referenceDataKinds,
  referenceDataSetting,
  sharedDirectory,
} from '../../packages/kit/src/reference-data.ts';

const required = process.argv.includes('--require');
const { path, version } = podSecurityAdmissionModule;
const download = spawnSync('go', ['mod', 'download', '-json', `${path}@${version}`], {
  encoding: 'utf8',
  env: { ...process.env, GOMODCACHE: goModuleCache(), GOFLAGS: '-modcacherw' },
});
if (download.status !== 0) console.warn(`reference data: go mod download ${path}@${version} failed (${download.error?.message ?? download.stderr.trim()})`);

console.log(`reference data: ${referenceDataSetting}=${sharedDirectory()}`);
const missing = [];
for (const kind of referenceDataKinds) {
  const fromModule = kind.directory === 'conformance/pss' ? podSecurityModuleFixtures() : undefined;
  const mirror = join(sharedDirectory(), kind.directory);
  if (fromModule) console.log(`  ${kind.directory}: ${path}@${version} in the Go module cache (${fromModule})`);
  else if (existsSync(mirror)) console.log(`  ${kind.directory}: ${mirror}`);
  else missing.push(kind);
}
for (const kind of missing) console.warn(`  ${kind.directory} (${kind.what}): ${missingReferenceDataMessage(kind.directory)}`);
if (missing.length > 0 && required) {
  console.error(`reference data: ${missing.length} kind(s) missing, required here (CI=true): the suites reading them would fail`);
  process.exit(1);
}
if (missing.length > 0) console.warn('reference data: the suites reading what is missing skip with this message');
