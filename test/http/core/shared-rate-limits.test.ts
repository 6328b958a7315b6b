/**
 * Issue 14: nothing per process that another instance cannot see. Two apps over one database
 * (a SQLite file, or one PostgreSQL database) spend ONE rate-limit budget: requests spread over
 * both instances are refused at the configured limit, not at twice it. The per-account lockout
 * (a counter on the user row) counts failures made on both instances together.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type Config, loadConfig } from '../../../src/config.js';
import type { Deps } from '../../../src/container.js';
import { buildApp } from '../../../src/http/build-app.js';
import { createAfterReply } from '../../../src/lib/after-reply.js';
import { createDb, type DialectName, migrateToLatest } from '../../../src/store/dialect.js';
import { countRateLimitHit, deleteEndedRateLimitWindows, readRateLimitWindow } from '../../../src/store/queries/rate-limit.queries.js';
import { auditRows } from '../auth/auth-helpers.js';
import { createMerchant, PASSWORD } from '../../fixtures/merchant.js';
import { call, TestClock, type TestApp, testPasswords } from '../../fixtures/test-app.js';
import { createTestDb, dialects, type TestDb } from '../../fixtures/test-db.js';

interface Pair {
  A: TestApp;
  B: TestApp;
  clock: TestClock;
  close(): Promise<void>;
}

/**
 * One fresh database (a temporary SQLite file, never `:memory:`, which a second handle could not
 * open; or a new PostgreSQL database), and two apps over it, each with its own connection or
 * pool, as two processes would have. They share one test clock.
 */
async function twoInstances(dialect: DialectName, overrides: Partial<Config>): Promise<Pair> {
  let first: TestDb;
  let dir: string | undefined;
  if (dialect === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'rolecall-shared-limits-'));
    const url = `sqlite:${join(dir, 'rc.db')}`;
    const handle = createDb(url);
    await migrateToLatest(handle.db);
    first = { ...handle, url };
  } else {
    first = await createTestDb('postgres');
  }
  const second = createDb(first.url);
  const clock = new TestClock();
  const config = loadConfig({}, { dbUrl: first.url, port: 0, publicUrl: 'http://rolecall.test', authRateIpPerMinute: 100_000, authRateAccountPerMinute: 100_000, ...overrides });
  const instances: TestApp[] = [];
  for (const handle of [first, second]) {
    const deps: Deps = { db: handle.db, dialect, config, clock: clock.now, passwords: testPasswords, afterReply: createAfterReply() };
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    instances.push({ deps, db: { ...handle, url: first.url }, app, clock, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() });
  }
  const [A, B] = instances as [TestApp, TestApp];
  return {
    A,
    B,
    clock,
    close: async () => {
      await A.app.close();
      await B.app.close();
      await second.close();
      await first.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

const token = (on: TestApp, email: string, password = 'not the right password') => call(on, 'POST', '/api/v1/auth/token', { body: { email, password } });
const forgot = (on: TestApp, email: string) => call(on, 'POST', '/api/v1/auth/password/forgot', { body: { email } });

describe.each(dialects())('rate limits shared by two instances over one database (%s)', (dialect) => {
  let pair: Pair | undefined;
  afterEach(async () => {
    await pair?.close();
    pair = undefined;
  });

  it('the per-IP credential limit: 3 attempts on A and 2 on B spend the budget of 5; the next is refused on both', async () => {
    pair = await twoInstances(dialect, { authRateIpPerMinute: 5 });
    const { A, B } = pair;
    const statuses: number[] = [];
    // A different account each time: only the per-IP budget is spent.
    for (let i = 0; i < 3; i++) statuses.push((await token(A, `nobody-a${i}@shop.test`)).status);
    for (let i = 0; i < 2; i++) statuses.push((await token(B, `nobody-b${i}@shop.test`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const onA = await token(A, 'nobody-a9@shop.test');
    const onB = await token(B, 'nobody-b9@shop.test');
    expect([onA.status, onB.status]).toEqual([429, 429]);
    expect(onB.body.code).toBe('rate_limited');
    expect(onB.body.detail ?? onB.body.title).not.toMatch(/ip:|acct:|[0-9a-f]{64}/);

    // Each endpoint has its own budget, as before.
    expect((await forgot(B, 'someone@shop.test')).status).toBe(202);

    // The window ends for both instances at once.
    pair.clock.advance(60_000 + 1);
    expect((await token(B, 'nobody-b10@shop.test')).status).toBe(401);
  });

  it('the per-account limit: attempts on one account through A and B count together', async () => {
    pair = await twoInstances(dialect, { authRateAccountPerMinute: 3 });
    const { A, B } = pair;
    expect((await token(A, 'target@shop.test')).status).toBe(401);
    expect((await token(B, 'Target@Shop.test')).status).toBe(401);
    expect((await token(A, ' target@shop.test ')).status).toBe(401);
    expect((await token(B, 'target@shop.test')).status).toBe(429);
    expect((await token(A, 'target@shop.test')).status).toBe(429);
    // Another account still has its own budget.
    expect((await token(B, 'another@shop.test')).status).toBe(401);
  });

  it('a route limit (public invitation token lookups, per IP) is shared too', async () => {
    pair = await twoInstances(dialect, { authRateIpPerMinute: 4 });
    const { A, B } = pair;
    const preview = (on: TestApp, i: number) => call(on, 'GET', `/api/v1/invitations/${'x'.repeat(40)}${i}`);
    const statuses = [(await preview(A, 1)).status, (await preview(B, 2)).status, (await preview(A, 3)).status, (await preview(B, 4)).status];
    expect(statuses).not.toContain(429);
    expect((await preview(A, 5)).status).toBe(429);
    expect((await preview(B, 6)).status).toBe(429);
  });

  it('parallel requests spread over both instances: exactly the limit get through', async () => {
    pair = await twoInstances(dialect, { authRateIpPerMinute: 7 });
    const { A, B } = pair;
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => token(i % 2 === 0 ? A : B, `parallel${i}@shop.test`)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 429)).toHaveLength(7);
    expect(statuses.filter((s) => s === 429)).toHaveLength(13);
  });

  it('the per-account lockout counts failures made on both instances together', async () => {
    pair = await twoInstances(dialect, { lockoutThreshold: 5, lockoutMinutes: 15 });
    const { A, B } = pair;
    const m = await createMerchant(A, { storeCount: 1, team: { cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
    const p = m.people.cashier!;
    for (let i = 0; i < 3; i++) expect((await token(A, p.email, 'wrong password on instance A')).status).toBe(401);
    for (let i = 0; i < 2; i++) expect((await token(B, p.email, 'wrong password on instance B')).status).toBe(401);
    // Locked: the right password is refused on either instance, with the generic answer.
    const onA = await token(A, p.email, PASSWORD);
    const onB = await token(B, p.email, PASSWORD);
    expect([onA.status, onB.status]).toEqual([401, 401]);
    expect(onB.body.code).toBe('invalid_credentials');
    expect(await auditRows(A, 'auth.locked', p.userId)).toHaveLength(1);
    pair.clock.advance(15 * 60_000 + 1);
    expect((await token(B, p.email, PASSWORD)).status).toBe(200);
  });
});

describe.each(dialects())('rate-limit counters (%s)', (dialect) => {
  let db: TestDb | undefined;
  afterEach(async () => {
    await db?.close();
    db = undefined;
  });

  it('counts within a window, starts again after it, and prunes ended windows only', async () => {
    db = await createTestDb(dialect);
    const t0 = new Date();
    const at = (ms: number) => new Date(t0.getTime() + ms);
    expect(await countRateLimitHit(db.db, 'k1', t0, 1000)).toEqual({ count: 1, endsAt: at(1000) });
    expect(await countRateLimitHit(db.db, 'k1', at(500), 1000)).toEqual({ count: 2, endsAt: at(1000) });
    expect(await readRateLimitWindow(db.db, 'k1', at(600))).toEqual({ count: 2, endsAt: at(1000) });
    // The window has ended: the next hit starts a new one.
    expect(await readRateLimitWindow(db.db, 'k1', at(1000))).toBeUndefined();
    expect(await countRateLimitHit(db.db, 'k1', at(1000), 1000)).toEqual({ count: 1, endsAt: at(2000) });
    await countRateLimitHit(db.db, 'k2', t0, 1000);
    await countRateLimitHit(db.db, 'k3', at(1500), 1000);
    expect(await deleteEndedRateLimitWindows(db.db, at(1200))).toBe(1);
    const left = await db.db.selectFrom('rate_limit_counters').select('key').orderBy('key').execute();
    expect(left.map((r) => r.key)).toEqual(['k1', 'k3']);
  });

  it('parallel hits on one key each get their own count', async () => {
    db = await createTestDb(dialect);
    const now = new Date();
    const counts = await Promise.all(Array.from({ length: 25 }, () => countRateLimitHit(db!.db, 'busy', now, 60_000)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });
});
