import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import type { Deps } from '../../../src/container.js';
import { buildApp } from '../../../src/http/build-app.js';
import { createAfterReply } from '../../../src/lib/after-reply.js';
import { attachFeed, feedOf } from '../../../src/store/transaction.js';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, type TestApp, TestClock, testPasswords } from '../../fixtures/test-app.js';
import { createTestDb, dialects, type TestDb } from '../../fixtures/test-db.js';

/**
 * Issue 14: a warm `check` does no I/O. The app runs over a handle that counts every statement
 * it sends; after two warm-up checks, further checks (about the caller and about others, allowed
 * and refused, org-wide and per store) send none. A change then costs reads again, once.
 */
describe.each(dialects())('a warm check reads nothing from the database (%s)', (dialect) => {
  let db: TestDb;
  let t: TestApp;
  let statements = 0;
  let m: Merchant;

  beforeAll(async () => {
    db = await createTestDb(dialect);
    const counter: KyselyPlugin = {
      transformQuery: (args) => {
        statements++;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const counted = db.db.withPlugin(counter);
    attachFeed(counted, feedOf(db.db));
    const clock = new TestClock();
    const config = loadConfig({}, { dbUrl: db.url, port: 0, publicUrl: 'http://rolecall.test', authRateIpPerMinute: 100_000, authRateAccountPerMinute: 100_000 });
    const deps: Deps = { db: counted, dialect, config, clock: clock.now, passwords: testPasswords, afterReply: createAfterReply() };
    const app = await buildApp(deps);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    t = { deps, db, app, clock, baseUrl: `http://127.0.0.1:${port}`, close: () => app.close() };
    m = await posTeam(t);
  });
  afterAll(async () => {
    await t?.close();
    await db?.close();
  });

  const questions = () => [
    { token: m.people.owner!.token, userId: m.people.cashier1!.userId, permission: 'checkout:operate', storeId: m.stores[0] },
    { token: m.people.owner!.token, userId: m.people.cashier1!.userId, permission: 'inventory:update', storeId: m.stores[1] },
    { token: m.people.owner!.token, userId: m.people.admin!.userId, permission: 'team:read' },
    { token: m.people.cashier1!.token, userId: m.people.cashier1!.userId, permission: 'checkout:operate', storeId: m.stores[0] },
  ];
  const ask = async () => {
    for (const q of questions()) {
      const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: q.token, body: { userId: q.userId, permission: q.permission, ...(q.storeId ? { storeId: q.storeId } : {}) } });
      expect(res.status).toBe(200);
    }
  };
  /** Statements sent by what `fn` does, once this process's work after replies has settled. */
  const counting = async (fn: () => Promise<void>) => {
    await t.deps.afterReply.settled();
    const before = statements;
    await fn();
    await t.deps.afterReply.settled();
    return statements - before;
  };

  it('warm checks send no statement at all', async () => {
    await ask();
    await ask();
    expect(await counting(ask)).toBe(0);
    expect(await counting(ask)).toBe(0);
  });

  it('after a change the first checks read again, and then none do', async () => {
    await ask();
    const res = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`, {
      token: m.people.owner!.token,
      body: { roles: [{ role: 'stocker', storeIds: [m.stores[1]!] }] },
    });
    expect(res.status).toBe(200);
    expect(await counting(ask)).toBeGreaterThan(0);
    expect(await counting(ask)).toBe(0);
  });
});
