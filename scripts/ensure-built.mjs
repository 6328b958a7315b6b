// Builds Rolecall (server TypeScript, the console bundle and the server bundle that
// `bin/rolecall.mjs` runs: scripts/bundle-server.mjs) when its sources are newer than the
// last build. `bin/rolecall.mjs` runs it before every command, so `npm install && npm start` needs
// nothing else, and the test run's global setup runs it once, so the browser tests drive exactly
// the bundle `npm start` serves.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

/** The newest modification time under a folder, skipping build output and dependencies. */
function newestMtime(dir) {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Returns false when the build failed (its output is already on the terminal). */
export function ensureBuilt() {
  // An installed copy without sources runs what it ships.
  if (!existsSync(join(root, 'src'))) return true;
  const bundler = join(root, 'scripts', 'bundle-server.mjs');
  const sources = Math.max(...['src', 'migrations', 'web'].map((d) => newestMtime(join(root, d))), existsSync(bundler) ? statSync(bundler).mtimeMs : 0);
  const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  if (built > sources) return true;
  process.stderr.write('Building Rolecall (first start or sources changed)…\n');
  // Always the production bundle: under vitest NODE_ENV is "test", and Vite would then bundle
  // React's development build.
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  if (r.status !== 0) return false;
  writeFileSync(stamp, new Date().toISOString());
  return true;
}
