import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Running, startServer } from '../../src/server.js';

let running: Running | undefined;
let dir: string | undefined;

afterEach(async () => {
  await running?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  running = undefined;
  dir = undefined;
});

it('with port 0 and no PUBLIC_URL, links in emails use the port actually bound', async () => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-start-'));
  const config = loadConfig({}, { dbUrl: `sqlite:${join(dir, 'rc.db')}`, port: 0, logLevel: 'silent' });
  running = await startServer(config);
  expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:[1-9]\d*$/);
  expect(running.container.config.publicUrl).toBe(running.url);
  expect(running.setupUrl?.startsWith(`${running.url}/setup#token=`)).toBe(true);
  // The caller's object is left as it was.
  expect(config.publicUrl).toBe('http://127.0.0.1:0');
});

it('an explicit PUBLIC_URL is kept', async () => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-start-'));
  running = await startServer(loadConfig({ PUBLIC_URL: 'https://team.example.com' }, { dbUrl: `sqlite:${join(dir, 'rc.db')}`, port: 0, logLevel: 'silent' }));
  expect(running.container.config.publicUrl).toBe('https://team.example.com');
  expect(running.setupUrl?.startsWith('https://team.example.com/setup#token=')).toBe(true);
});
