/**
 * A process that starts a control plane, prints its directory as one JSON line and waits: the
 * lifecycle scenario kills it (SIGTERM, SIGKILL) and checks that nothing is left behind.
 * Run with Node's own TypeScript support:
 *   node --experimental-transform-types tools/src/e2e/control-plane-process.ts
 */
import { startControlPlane } from './control-plane.ts';

const plane = await startControlPlane();
console.log(JSON.stringify({ directory: plane.directory, pid: process.pid }));
setInterval(() => {}, 60_000);
