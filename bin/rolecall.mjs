#!/usr/bin/env node
// The `rolecall` command. Builds first when the sources are newer than the last build, so
// `npm install && npm start` needs nothing else. Runs the server bundle (one file, not ~1,500
// modules: scripts/bundle-server.mjs), or tsc's output where a copy ships without the bundle.
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { ensureBuilt } from '../scripts/ensure-built.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!ensureBuilt()) process.exit(1);
youngGenerationGrowsWithTraffic();
const bundle = join(root, 'dist', 'bundle', 'server', 'rolecall.mjs');
await import(pathToFileURL(existsSync(bundle) ? bundle : join(root, 'dist', 'src', 'cli', 'main.js')).href);

/**
 * Start-up allocates mostly objects that live as long as the process (code, route tables,
 * schemas). V8 reads that high survival rate as a reason to double its young generation, up to
 * 16 MB, which an idle server then keeps without using (~4 MB of RSS, bench section 8). So the
 * young generation does not grow until the first HTTP request; from then on V8 sizes it by the
 * traffic as usual (its default growth factor, 2). Commands that serve nothing keep the small
 * one. Left alone when the operator tunes the young generation (NODE_OPTIONS or node flags).
 */
function youngGenerationGrowsWithTraffic() {
  if (/semi-space/.test(`${process.env.NODE_OPTIONS ?? ''} ${process.execArgv.join(' ')}`)) return;
  setFlagsFromString('--semi-space-growth-factor=1');
  const channel = 'http.server.request.start';
  const grow = () => {
    setFlagsFromString('--semi-space-growth-factor=2');
    setImmediate(() => unsubscribe(channel, grow));
  };
  subscribe(channel, grow);
}
