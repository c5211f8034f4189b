// The first thing every entry point runs (the o4g launcher, the npm scripts, the vitest configs):
// on a Node older than package.json's `engines.node`, stop at once and say how to get the right
// one, instead of failing minutes later with an obscure error (vitest's reporter calls
// Map.groupBy, Renovate's re2 addon must be built against Node 24's headers).
// Plain JavaScript that parses on old Nodes; run it (`node tools/bin/require-node.mjs`) or import it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
const { engines } = JSON.parse(readFileSync(`${repositoryRoot}/package.json`, 'utf8'));
const required = /^>=\s*(\d+)\.(\d+)\.(\d+)$/.exec(engines.node);
if (!required) throw new Error(`package.json engines.node: expected ">=MAJOR.MINOR.PATCH", got "${engines.node}"`);

const toNumbers = (version) => version.split('.').map(Number);
const [major, minor, patch] = toNumbers(process.versions.node);
const [needMajor, needMinor, needPatch] = required.slice(1).map(Number);
const recentEnough = major !== needMajor ? major > needMajor : minor !== needMinor ? minor > needMinor : patch >= needPatch;

if (!recentEnough) {
  process.stderr.write(
    [
      `Node.js ${engines.node} is required (package.json engines); this is Node ${process.version} (${process.execPath}).`,
      'Get it: this installs Node 24 from the npm registry into ~/.cache/node24 (once) and puts it first on PATH',
      'in this shell, with npm_config_nodedir set so native addons build against its headers:',
      `  eval "$(bash ${repositoryRoot}/.ci/run env)"`,
      '',
    ].join('\n'),
  );
  process.exit(1);
}
