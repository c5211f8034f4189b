import { createReadStream, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { startLoopbackServer, type LoopbackServer } from './loopback-server.ts';

/**
 * Serves a Helm repository directory (index.yaml and the packaged charts it lists, with URLs
 * relative to the repository) over HTTP on loopback: what a HelmRepository of type default reads.
 * Only files directly inside `directory` are served, read-only.
 */
export function startHelmRepositoryServer(directory: string): Promise<LoopbackServer> {
  return startLoopbackServer((request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname).replace(/^\/+/, '');
    const file = normalize(join(directory, name));
    const stat = name && !name.includes('/') && file.startsWith(directory + sep) ? statSync(file, { throwIfNoEntry: false }) : undefined;
    if ((request.method !== 'GET' && request.method !== 'HEAD') || !stat?.isFile()) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: /${name}\n`);
      return;
    }
    const type = name.endsWith('.yaml') ? 'application/x-yaml' : 'application/gzip';
    response.writeHead(200, { 'content-type': type, 'content-length': stat.size });
    if (request.method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  });
}
