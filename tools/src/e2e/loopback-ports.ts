import { createServer } from 'node:net';

/** The loopback address every server of the control plane listens on. */
export const loopback = '127.0.0.1';

/**
 * `count` distinct TCP ports free on the loopback address now: each is bound to port 0 (the kernel
 * picks a free one), all are held until every one is known, then released for the server that
 * takes it a moment later.
 */
export async function freeLoopbackPorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, loopback, () => resolve(server));
    })),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}
