#!/usr/bin/env node
// The `rolecall` command. Builds the TypeScript (and the console, once it exists) when the
// sources are newer than the last build, so `npm install && npm start` needs nothing else.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { newestMtime } from '../scripts/newest-mtime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const stamp = join(root, 'dist', '.build-stamp');

const sources = Math.max(newestMtime(join(root, 'src')), newestMtime(join(root, 'migrations')), newestMtime(join(root, 'web')));
const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
if (sources > built && existsSync(join(root, 'src'))) {
  process.stderr.write('Building Rolecall (first start or sources changed)…\n');
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  writeFileSync(stamp, new Date().toISOString());
}
await import(pathToFileURL(join(root, 'dist', 'src', 'cli', 'main.js')).href);
