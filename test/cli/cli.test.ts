import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The CLI runs from its sources through tsx, so no build is needed (or raced with others').
const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const LIMIT_MS = 25_000;

/** Variables the CLI reads; inherited ones would change what a test means. */
const OURS = /^(DATABASE_URL|HOST|PORT|PUBLIC_URL|NODE_ENV|SESSION_.*|TRUST_PROXY|LOG_LEVEL|LOCKOUT_.*|AUTH_RATE_.*|RESET_TTL_MINUTES|SMTP_URL|MAIL_FROM|ALLOWED_ORIGINS|ROLECALL_PASSWORD)$/;

let dir: string;
let children: ChildProcess[];
let occupied: Server | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-cli-'));
  children = [];
  occupied = undefined;
});

afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await new Promise<void>((resolve) => (occupied ? occupied.close(() => resolve()) : resolve()));
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[], env: Record<string, string>): ChildProcess {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OURS.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...base, DATABASE_URL: `sqlite:${join(dir, 'rc.db')}`, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

/** Runs a command to its end (killed after LIMIT_MS). */
function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = start(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), LIMIT_MS);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

/** stderr must be exactly one line, starting as given. */
function expectOneLine(stderr: string, start: RegExp): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toMatch(start);
}

function occupyPort(): Promise<number> {
  const server = createServer();
  occupied = server;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
}

describe('settings are checked at start', () => {
  it('PORT=abc', async () => {
    const r = await run(['serve'], { PORT: 'abc' });
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /^PORT must be a whole number from 0 to 65535 \(got "abc"\)/);
  });

  it('--port abc', async () => {
    const r = await run(['serve', '--port', 'abc']);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /^--port must be a whole number/);
  });

  it('SESSION_TTL_MINUTES=abc', async () => {
    const r = await run(['serve'], { SESSION_TTL_MINUTES: 'abc' });
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /^SESSION_TTL_MINUTES must be a whole number/);
  });

  it('a port already in use', async () => {
    const port = await occupyPort();
    const r = await run(['serve', '--port', String(port)]);
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, new RegExp(`^Port ${port} is already in use on 127\\.0\\.0\\.1\\. .*--port`));
  });

  it('an unreachable PostgreSQL', async () => {
    // Nothing listens on port 1: the connection is refused at once.
    const r = await run(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /^Cannot reach PostgreSQL at 127\.0\.0\.1:1 \(connection refused\)\. Check DATABASE_URL/);
  });

  it.each([
    ['a folder', () => dir],
    ['a path under a file', () => join(dir, 'file', 'rc.db')],
  ])('a SQLite database file that cannot be opened: %s', async (_, path) => {
    writeFileSync(join(dir, 'file'), 'not a folder');
    const r = await run(['serve', '--port', '0'], { DATABASE_URL: `sqlite:${path()}` });
    expect(r.code).toBe(1);
    expectOneLine(r.stderr, /^Cannot open the SQLite database .* Check DATABASE_URL/);
  });
});

describe('the CLI', () => {
  it('--version prints the version in package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it('serve --port 0 prints the URL and setup link with the port actually bound', async () => {
    const child = start(['serve', '--port', '0'], { LOG_LEVEL: 'warn' });
    let out = '';
    const printed = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no setup link within ${LIMIT_MS} ms: ${out}`)), LIMIT_MS);
      child.stdout?.on('data', (d) => {
        out += d;
        if (/setup#token=\S+\n/.test(out)) {
          clearTimeout(timer);
          resolve(out);
        }
      });
      child.on('exit', (code) => reject(new Error(`serve exited (${code}): ${out}`)));
    });
    const url = /running at http:\/\/127\.0\.0\.1:(\d+)/.exec(printed);
    const setup = /(http:\/\/127\.0\.0\.1:(\d+))\/setup#token=/.exec(printed);
    expect(Number(url?.[1])).toBeGreaterThan(0);
    expect(setup?.[2]).toBe(url?.[1]);
    const res = await fetch(`${setup?.[1]}/readyz`);
    expect(res.status).toBe(200);
  });

  it('seed-demo twice: both succeed and print the same ids', async () => {
    const first = await run(['seed-demo']);
    expect(first.code, first.stderr).toBe(0);
    const second = await run(['seed-demo']);
    expect(second.code, second.stderr).toBe(0);
    const ids = (out: string) => ['ORG', 'STORE', 'USER_ID'].map((v) => new RegExp(`^\\s*${v}=(\\S+)`, 'm').exec(out)?.[1]);
    expect(ids(first.stdout).every(Boolean)).toBe(true);
    expect(ids(second.stdout)).toEqual(ids(first.stdout));
    expect(first.stdout).toMatch(/^\s*PASSWORD='demo-/m);
    expect(second.stdout).toMatch(/already exists/);
    expect(second.stdout).toMatch(/seed-demo --reset-password/);
  }, 2 * LIMIT_MS);
});
