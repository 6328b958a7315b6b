import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendProblem } from './errors.js';

/**
 * Where the built console lives: `web/dist` at the repository root, whether this file runs
 * from `src/` (tests, tsx) or from the compiled `dist/src/`.
 */
export function consoleDir(): string | undefined {
  const here = fileURLToPath(new URL('.', import.meta.url));
  for (const up of ['../../..', '../../../..']) {
    const dir = join(here, up, 'web', 'dist');
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  return undefined;
}

/**
 * Serves the web console from the API's own process (SPEC §4). Files under /assets are
 * content-hashed, so they are cached for a year; every other non-API GET answers index.html
 * so the console's own routes survive a reload. Unknown /api paths stay problem+json 404s.
 */
export async function installConsole(app: FastifyInstance, dir = consoleDir()): Promise<void> {
  if (dir) {
    await app.register(fastifyStatic, {
      root: dir,
      wildcard: false,
      index: false,
      // Cache headers are ours: hashed assets forever, everything else revalidated.
      cacheControl: false,
      setHeaders: (res, path) => {
        res.setHeader('cache-control', path.includes(`${join('dist', 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }
  const spa = (request: FastifyRequest, reply: FastifyReply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path === '/api' || path.startsWith('/api/')) return sendProblem(reply, request, 'not_found', 'No such endpoint.');
    if (!dir) return sendProblem(reply, request, 'not_found', 'The web console is not built yet; run `npm run build` and restart.');
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  };
  // `/*` does not match the bare root, so it gets its own route.
  app.get('/', { schema: { hide: true } }, spa);
  app.get('/*', { schema: { hide: true } }, spa);
}
