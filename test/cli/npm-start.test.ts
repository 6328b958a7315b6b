import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

/** Resolves with the first match of `pattern` in the child's output (the build is fresh: global setup made it). */
function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) resolve(m);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing ${pattern}:\n${out}`)));
  });
}

async function refusesConnections(url: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`${url}/healthz`);
    } catch {
      return true;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

describe('npm start', () => {
  let dir: string;
  let npm: ChildProcess | undefined;
  afterEach(() => {
    // The whole process group, whatever the test left running.
    if (npm?.pid) {
      try {
        process.kill(-npm.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops the server when npm gets ${signal} (a supervisor stopping npm, or Ctrl-C)`, async () => {
      dir = mkdtempSync(join(tmpdir(), 'rolecall-start-'));
      npm = spawn('npm', ['start', '--', '--port', '0'], {
        cwd: root,
        detached: true,
        env: { ...process.env, NODE_ENV: 'development', DATABASE_URL: `sqlite:${join(dir, 'rolecall.db')}`, LOG_LEVEL: 'warn' },
      });
      const [, url] = await waitForOutput(npm, /running at (http:\/\/127\.0\.0\.1:\d+)/);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const exited = new Promise((r) => npm!.once('exit', r));
      process.kill(npm.pid!, signal);
      await exited;
      expect(await refusesConnections(url!)).toBe(true);
    }, 60_000);
  }
});
