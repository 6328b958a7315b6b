/**
 * 4. Sign-in. The argon2id verify is timed alone first (same parameters as the app), then
 * `POST /api/v1/auth/token` end to end; the difference is what Rolecall adds. The flood runs
 * `signIn()` in-process with many sign-ins in flight, measuring sustained sign-ins/s and the
 * event-loop delay (`monitorEventLoopDelay`): hashing must stay off the main thread.
 * Also compares `@node-rs/argon2` with the `argon2` package on the same parameters.
 */
import { availableParallelism } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import argon2 from 'argon2';
import { ARGON2_PARAMS } from '../../src/lib/passwords.js';
import { signIn } from '../../src/services/sign-in.js';
import type { BenchDb } from '../lib/databases.js';
import { type DataSet, PASSWORD } from '../lib/dataset.js';
import { benchDeps } from '../lib/deps.js';
import { SERVER_MAIN, startServer } from '../lib/processes.js';
import { fmt, ratio, type Row } from '../lib/report.js';
import { asyncLatencies } from '../lib/stats.js';

export interface SignInOptions {
  n: number;
  floodMs: number;
}

export async function signInScenario(db: BenchDb, ds: DataSet, opts: SignInOptions): Promise<{ rows: Row[]; notes: string[] }> {
  const deps = benchDeps(db);
  const notes: string[] = [];
  const verify = await asyncLatencies(() => deps.passwords.verify(ds.passwordHash, PASSWORD), { n: opts.n, warmup: 3 });

  // The other argon2 binding, same algorithm and parameters, verifying its own hash.
  const otherHash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: ARGON2_PARAMS.memoryCost, timeCost: ARGON2_PARAMS.timeCost, parallelism: ARGON2_PARAMS.parallelism });
  const other = await asyncLatencies(() => argon2.verify(otherHash, PASSWORD), { n: opts.n, warmup: 3 });

  // End to end over HTTP, one request at a time, each member signing in once.
  // The credential rate limits (per IP, per account) are raised: this measures the sign-in path, not the limiter.
  const server = await startServer([SERVER_MAIN, 'serve', '--db', db.url, '--port', '0'], { AUTH_RATE_IP_PER_MINUTE: '1000000', AUTH_RATE_ACCOUNT_PER_MINUTE: '1000000' });
  let failures = 0;
  const http = await asyncLatencies(
    async (i) => {
      const m = ds.members[(i * 31) % ds.members.length];
      const r = await fetch(`${server.url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: m?.email, password: PASSWORD }) });
      if (!r.ok) failures++;
      await r.arrayBuffer();
    },
    { n: opts.n, warmup: 3 },
  );
  await server.stop();
  if (failures > 0) notes.push(`Sign-in: ${failures} of ${opts.n + 3} token requests failed.`);

  // Flood, in-process: `cores × 2` sign-ins in flight.
  const cores = availableParallelism();
  const lag = monitorEventLoopDelay({ resolution: 1 });
  const ctx = { principal: null, ip: '127.0.0.1', requestId: 'bench' };
  let done = 0;
  const stopAt = Date.now() + opts.floodMs;
  lag.enable();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: cores * 2 }, async (_, w) => {
      for (let i = w; Date.now() < stopAt; i += cores * 2) {
        const m = ds.members[(i * 17) % ds.members.length];
        await signIn(deps, ctx, { email: m?.email ?? '', password: PASSWORD, kind: 'token' });
        done++;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  lag.disable();
  const rate = done / seconds;
  const ceiling = cores / (verify.p50 / 1000);
  const lagP99 = lag.percentile(99) / 1e6;
  const overhead = http.p50 - verify.p50;
  const limit = db.dialect === 'sqlite' ? 2 : 4;
  const faster = verify.p50 <= other.p50 ? '@node-rs/argon2' : 'argon2';
  notes.push(
    `Sign-in (${db.dialect}): argon2id m=${ARGON2_PARAMS.memoryCost} KiB, t=${ARGON2_PARAMS.timeCost}, p=${ARGON2_PARAMS.parallelism}; verify p50 @node-rs/argon2 ${fmt(verify.p50, 'ms')}, argon2 ${fmt(other.p50, 'ms')} → ${faster} is faster here${faster === '@node-rs/argon2' ? ' (the app keeps it)' : ' (the app uses @node-rs/argon2: consider switching)'}. Flood: ${cores * 2} in flight for ${fmt(seconds, 's')}, ${done} sign-ins; the ceiling is ${cores} cores ÷ verify time.`,
  );
  return {
    notes,
    rows: [
      { section: '4', figure: `POST /auth/token p50 minus argon2id verify (${db.dialect})`, ours: fmt(overhead, 'ms'), peer: `token ${fmt(http.p50, 'ms')} − verify ${fmt(verify.p50, 'ms')}`, ratio: '', target: `≤ ${limit} ms`, pass: overhead <= limit },
      { section: '4', figure: `sustained sign-ins/s (${db.dialect}) vs cores ÷ hash time`, ours: fmt(rate, '/s'), peer: fmt(ceiling, '/s'), ratio: `${((rate / ceiling) * 100).toFixed(0)}%`, target: '≥ 90%', pass: rate / ceiling >= 0.9 },
      { section: '4', figure: `event-loop delay p99 during the sign-in flood (${db.dialect})`, ours: fmt(lagP99, 'ms'), peer: '', ratio: '', target: '≤ 10 ms', pass: lagP99 <= 10 },
      { section: '4', figure: 'argon2id verify p50: @node-rs/argon2 vs argon2', ours: fmt(verify.p50, 'ms'), peer: fmt(other.p50, 'ms'), ratio: ratio(other.p50 / verify.p50), target: 'keep the faster', pass: null, note: `${faster} is faster on this machine.` },
    ],
  };
}
