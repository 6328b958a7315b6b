/**
 * Two (or more) real Rolecall server processes over one fresh PostgreSQL database, with a real
 * SMTP server, for the multi-instance tests. The servers are started the way an operator starts
 * them (`node bin/rolecall.mjs serve --port 0`), one after the other: the first start applies the
 * migrations, and a rebuild (sources changed since the global setup) happens once, not twice at
 * the same time. The test process talks to them only over HTTP, SMTP and SQL, so it never loads
 * the server's sources itself.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import pg from 'pg';
import { adminUrl, pgBaseUrl, RUN_PREFIX_ENV } from '../fixtures/pg-env.js';
import { type Received, type Smtp, startSmtp } from '../fixtures/smtp.js';

export type { Received, Smtp };

export const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'rolecall.mjs');
/** A first start may rebuild dist/ when other work changed the sources since the global setup. */
const START_LIMIT_MS = 150_000;

/** The demo members' password (ROLECALL_PASSWORD for seed-demo). */
export const DEMO_PASSWORD = 'quiet lantern orbit mosaic 4217';

/** Variables Rolecall reads; inherited ones would change what a test means. */
const OURS = /^(DATABASE_URL|HOST|PORT|PUBLIC_URL|NODE_ENV|SESSION_.*|TRUST_PROXY|LOG_LEVEL|LOCKOUT_.*|AUTH_RATE_.*|RESET_TTL_MINUTES|SMTP_URL|MAIL_FROM|ALLOWED_ORIGINS|ROLECALL_PASSWORD)$/;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// SMTP

/** The `#token=` of the first link to `page` in a message. */
export function tokenInMail(m: Received, page: 'reset-password' | 'accept-invite'): string | undefined {
  const t = new RegExp(`/${page}#token=([A-Za-z0-9_%-]+)`).exec(m.text)?.[1];
  return t ? decodeURIComponent(t) : undefined;
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

export interface PgDatabase {
  name: string;
  url: string;
  query<R extends pg.QueryResultRow = any>(text: string, values?: unknown[]): Promise<R[]>;
  /** Closes the test's connection and drops the database (whoever is still connected). */
  drop(): Promise<void>;
}

/** A new, empty database named with the run's prefix (global setup drops leftovers of a crash). */
export async function createPgDatabase(): Promise<PgDatabase> {
  const name = `${process.env[RUN_PREFIX_ENV] ?? 'rc_t_'}${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = `${pgBaseUrl()}/${name}`;
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    name,
    url,
    query: async (text, values) => (await pool.query(text, values as unknown[])).rows,
    drop: async () => {
      await pool.end().catch(() => {});
      const c = new pg.Client({ connectionString: adminUrl() });
      await c.connect();
      try {
        await c.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * Ends the LISTEN connection of the server process `pid` (application_name
 * `rolecall-listener:<pid>`), as a failover or an idle-connection killer would. Returns how many
 * backends were terminated (0 while the server keeps no such connection).
 */
export async function killListener(db: PgDatabase, pid: number): Promise<number> {
  const rows = await db.query<{ ok: boolean }>('select pg_terminate_backend(pid) as ok from pg_stat_activity where application_name = $1', [`rolecall-listener:${pid}`]);
  return rows.filter((r) => r.ok).length;
}

/** How many listener connections the given server processes hold right now. */
export async function listenerCount(db: PgDatabase, pids: number[]): Promise<number> {
  const rows = await db.query<{ n: string }>('select count(*) as n from pg_stat_activity where application_name = any($1::text[])', [pids.map((p) => `rolecall-listener:${p}`)]);
  return Number(rows[0]?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------
// Processes

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OURS.test(k)));
  return { ...base, ...extra };
}

/** Every process this module spawned and has not seen exit: killed by `killAll`, whatever happens. */
const live = new Set<ChildProcess>();

/** Kills every spawned process still running (SIGKILL) and waits until each has exited. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...live].map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.exitCode !== null || p.signalCode !== null) return resolve();
          const timer = setTimeout(resolve, 5_000);
          p.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          p.kill('SIGKILL');
        }),
    ),
  );
  live.clear();
}

function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Runs a CLI command to its end and returns what it printed. */
export function runCli(args: string[], env: Record<string, string>, limitMs = START_LIMIT_MS): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = track(spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

export interface Instance {
  name: string;
  url: string;
  /** The server process's pid (bin/rolecall.mjs imports the server into its own process). */
  pid: number;
  proc: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

/** `node bin/rolecall.mjs serve --port 0`; resolves once it printed its URL and `/readyz` answers 200. */
export async function startInstance(name: string, env: Record<string, string>): Promise<Instance> {
  const proc = track(spawn(process.execPath, [BIN, 'serve', '--port', '0'], { cwd: ROOT, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] }));
  let out = '';
  proc.stderr?.on('data', (d) => {
    out += d;
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`instance ${name} printed no URL within ${START_LIMIT_MS} ms:\n${out}`)), START_LIMIT_MS);
    proc.stdout?.on('data', (d) => {
      out += d;
      const m = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`instance ${name} exited (${code}) before listening:\n${out}`));
    });
  });
  for (let i = 0; ; i++) {
    const r = await fetch(`${url}/readyz`).catch(() => null);
    if (r?.ok) break;
    if (i > 200) throw new Error(`instance ${name} never became ready:\n${out}`);
    await sleep(50);
  }
  return {
    name,
    url,
    pid: proc.pid as number,
    proc,
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// HTTP

export interface ApiResponse<T = any> {
  status: number;
  body: T;
}

/** One HTTP call to an instance. */
export async function api<T = any>(
  to: Pick<Instance, 'url'>,
  method: string,
  path: string,
  options: { token?: string | undefined; body?: unknown } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const res = await fetch(`${to.url}/api/v1${path}`, { method, headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, body: parsed as T };
}

/** Email + password → bearer token (the demo org asks no second factor of its members). */
export async function signIn(to: Pick<Instance, 'url'>, email: string, password = DEMO_PASSWORD): Promise<string> {
  const r = await api(to, 'POST', '/auth/token', { body: { email, password } });
  if (r.status !== 200) throw new Error(`sign-in of ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body.token as string;
}

export interface Polled<T> {
  value: T;
  /** Requests made until `ok` held (1 = the very first request was already right). */
  tries: number;
  ms: number;
}

/**
 * Asks again with short sleeps until `ok` holds, for at most `boundMs` (the documented bound,
 * used only where another instance learns of a change asynchronously). Throws with the last
 * answer when the bound passes. Never asserts on how long it took.
 */
export async function poll<T>(ask: () => Promise<T>, ok: (v: T) => boolean, boundMs: number, label: string): Promise<Polled<T>> {
  const t0 = Date.now();
  let tries = 0;
  let last: T;
  for (;;) {
    last = await ask();
    tries++;
    if (ok(last)) return { value: last, tries, ms: Date.now() - t0 };
    if (Date.now() - t0 > boundMs) throw new Error(`${label}: still ${JSON.stringify(last)} after ${tries} requests over ${boundMs} ms`);
    await sleep(25);
  }
}

// ---------------------------------------------------------------------------------------------
// The cluster

export interface Demo {
  orgId: string;
  /** Harbour Street, Market Square, Station Road. */
  stores: string[];
  /** By role key: org_admin (the owner), org_manager, store_admin, store_manager, stocker, cashier. */
  users: Record<string, { id: string; email: string }>;
}

/** What `seed-demo` printed: one line per member (role, email, id) and per store. */
export function parseDemo(out: string): Demo {
  const orgId = /^\s*ORG=(\S+)/m.exec(out)?.[1];
  const users: Demo['users'] = {};
  for (const m of out.matchAll(/^ {2}([a-z_]+)\s+(\S+@\S+)\s+(\S+)\s*$/gm)) users[m[1]!] = { email: m[2]!, id: m[3]! };
  const stores = [...out.matchAll(/^ {2}store\s+.+\(\S+\)\s+(\S+)\s*$/gm)].map((m) => m[1]!);
  if (!orgId || stores.length !== 3 || !users.org_admin) throw new Error(`could not read seed-demo's output:\n${out}`);
  return { orgId, stores, users };
}

export interface Cluster {
  db: PgDatabase;
  smtp: Smtp;
  instances: Instance[];
  demo: Demo;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A fresh database seeded by `rolecall seed-demo`, a real SMTP server, and `count` server
 * processes over them, started one after the other. `close` kills every process and drops the
 * database even when a step failed.
 */
export async function startCluster(count = 2, env: Record<string, string> = {}): Promise<Cluster> {
  const db = await createPgDatabase();
  let smtp: Smtp | undefined;
  const instances: Instance[] = [];
  const close = async () => {
    await Promise.all(instances.map((i) => i.stop().catch(() => {})));
    await killAll();
    await smtp?.close().catch(() => {});
    await db.drop();
  };
  try {
    smtp = await startSmtp();
    const fullEnv: Record<string, string> = {
      DATABASE_URL: db.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Rolecall <no-reply@rolecall.test>',
      LOG_LEVEL: 'warn',
      // Every request comes from 127.0.0.1: the per-IP and per-account windows (in memory per
      // instance) are lifted, so only the lockout in the database limits sign-ins here.
      AUTH_RATE_IP_PER_MINUTE: '100000',
      AUTH_RATE_ACCOUNT_PER_MINUTE: '100000',
      ...env,
    };
    const seeded = await runCli(['seed-demo'], { ...fullEnv, ROLECALL_PASSWORD: DEMO_PASSWORD });
    if (seeded.code !== 0) throw new Error(`seed-demo failed (${seeded.code}):\n${seeded.stdout}\n${seeded.stderr}`);
    const demo = parseDemo(seeded.stdout);
    for (let i = 0; i < count; i++) instances.push(await startInstance(String.fromCharCode(65 + i), fullEnv));
    return { db, smtp, instances, demo, env: fullEnv, close };
  } catch (err) {
    await close().catch(() => {});
    throw err;
  }
}

/** The messages that reached the SMTP server for `email`. */
export function mailTo(smtp: Smtp, email: string): Received[] {
  return smtp.inbox.filter((m) => m.to.includes(email.toLowerCase()));
}

/** Waits (bounded: the mail worker sends every 2 s) until `email` received `n` messages matching `subject`. */
export async function waitForMail(smtp: Smtp, email: string, subject: RegExp, n = 1, boundMs = 20_000): Promise<Received[]> {
  const got = await poll(
    async () => mailTo(smtp, email).filter((m) => subject.test(m.subject)),
    (ms) => ms.length >= n,
    boundMs,
    `mail to ${email} matching ${subject}`,
  );
  return got.value;
}
