#!/usr/bin/env node
// The `rolecall` command. Builds first when the sources are newer than the last build, so
// `npm install && npm start` needs nothing else.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureBuilt } from '../scripts/ensure-built.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!ensureBuilt()) process.exit(1);
await import(pathToFileURL(join(root, 'dist', 'src', 'cli', 'main.js')).href);
