/** Child processes for the HTTP scenarios: servers pinned to core 0, load pinned to core 1. */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * The built CLI, run directly by the load scenarios: `bin/rolecall.mjs` rebuilds when sources
 * are newer than dist/, and other engineers edit sources while a run is under way — a rebuild
 * inside a measured server (seen once in a CPU profile as 48% spawnSync) would be timed as
 * serving. Only the cold-start row goes through `bin/rolecall.mjs`, as users start it.
 */
export const SERVER_MAIN = 'dist/src/cli/main.js';
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-c', '0', 'true']);
    return true;
  } catch {
    return false;
  }
})();

/** `taskset -c <core> cmd args…`, or the command alone where taskset is missing. */
export function pinned(core: number, cmd: string, args: string[]): [string, string[]] {
  return hasTaskset ? ['taskset', ['-c', String(core), cmd, ...args]] : [cmd, args];
}

export interface Server {
  url: string;
  pid: number;
  proc: ChildProcess;
  /** ms from spawn to the first 200 from /readyz. */
  readyMs: number;
  stop(): Promise<void>;
}

/**
 * Spawns a server pinned to core 0 and waits for `/readyz`. The port is read from stdout:
 * Rolecall prints "running at http://host:port", the hello-world "listening <port>".
 */
export async function startServer(args: string[], env: Record<string, string> = {}): Promise<Server> {
  const t0 = performance.now();
  const [cmd, argv] = pinned(0, process.execPath, args);
  const proc = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  proc.stderr?.on('data', (d) => {
    err += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 60_000);
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /running at http:\/\/[^:]+:(\d+)/.exec(out) ?? /listening (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    proc.once('exit', (code) => reject(new Error(`server exited (${code}): ${err}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    const r = await fetch(`${url}/readyz`).catch(() => null);
    if (r?.ok) break;
    await new Promise((res) => setTimeout(res, 2));
  }
  const readyMs = performance.now() - t0;
  return {
    url,
    pid: proc.pid as number,
    proc,
    readyMs,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  total: number;
}

/** Runs autocannon in its own process on core 1. */
export function load(opts: { url: string; method?: string; headers?: Record<string, string>; bodies?: string[]; duration: number; connections?: number; overallRate?: number }): Promise<LoadResult> {
  // Options go through a file: 2,000 request bodies overflow the argument list.
  const file = join(tmpdir(), `rc-bench-load-${process.pid}-${Date.now()}.json`);
  writeFileSync(file, JSON.stringify(opts));
  const [cmd, argv] = pinned(1, process.execPath, [`${ROOT}bench/lib/load.mjs`, file]);
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.once('exit', (code) => {
      rmSync(file, { force: true });
      if (code === 0) resolve(JSON.parse(out) as LoadResult);
      else reject(new Error(`load generator failed (${code})`));
    });
  });
}

/** Resident set size of a process in MB (Linux /proc), or NaN. */
export function rssMb(pid: number): number {
  try {
    const status = execFileSync('cat', [`/proc/${pid}/status`]).toString();
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}
