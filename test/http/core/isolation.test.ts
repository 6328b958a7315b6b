import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { bodySchema, operations, sample } from '../../fixtures/openapi-sample.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { withoutLastSeen } from '../../security/security-helpers.js';

/** Tables whose rows must not change when a request is refused (the audit log may grow, last-seen times move). */
const GUARDED = ['orgs', 'stores', 'roles', 'memberships', 'role_assignments', 'overrides', 'users'] as const;

/**
 * SPEC rule 1 / ASVS 8.4.1, generated from the OpenAPI document so a new endpoint is covered
 * without anyone writing a test: every org-scoped operation, called by members of org A with
 * org B's ids, answers exactly as it does for ids that do not exist, and changes nothing.
 */
describe.each(dialects())('tenant isolation sweep (%s)', (dialect) => {
  let t: TestApp;
  let a: Merchant;
  let b: Merchant;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    a = await posTeam(t);
    b = await posTeam(t);
  });
  afterAll(() => t.close());

  async function snapshot(): Promise<string> {
    const parts: unknown[] = [];
    for (const table of GUARDED) parts.push((await t.deps.db.selectFrom(table).selectAll().execute()).map((r) => withoutLastSeen(table, r)));
    return JSON.stringify(parts, (_k, v) => (typeof v === 'bigint' ? String(v) : v));
  }

  function fill(path: string, ids: Record<string, string>): string {
    return path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? newId());
  }

  it('covers every org-scoped operation and each answers like a nonexistent id', async () => {
    const doc = (await call(t, 'GET', '/api/v1/openapi.json')).body;
    const ops = operations(doc).filter((o) => o.path.includes('{orgId}'));
    const theirs = { orgId: b.orgId, userId: b.people.owner!.userId, storeId: b.stores[0]!, key: 'cashier', id: newId() };
    const nobody = { orgId: newId(), userId: newId(), storeId: newId(), key: 'cashier', id: theirs.id };
    const bodyIds = { storeId: b.stores[0], storeIds: [b.stores[0]], userId: b.people.owner!.userId };
    const before = await snapshot();
    let checked = 0;
    for (const as of ['owner', 'cashier1'] as const) {
      for (const o of ops) {
        const schema = bodySchema(o.op);
        const body = schema ? sample(schema, bodyIds) : undefined;
        const send = (ids: Record<string, string>) => call(t, o.method, fill(o.path, ids), { token: a.people[as]!.token, body });
        const [real, fake] = [await send(theirs), await send(nobody)];
        const label = `${as} ${o.method} ${o.path}`;
        expect.soft(real.status, label).toBe(fake.status);
        expect.soft(real.body?.code, label).toBe(fake.body?.code);
        expect.soft([404, 400], `${label} → ${real.status}`).toContain(real.status);
        checked++;
      }
    }
    expect(await snapshot()).toBe(before);
    // The sweep must reach the handlers: the same GETs with org A's own ids succeed.
    const ours = { orgId: a.orgId, userId: a.people.cashier1!.userId, storeId: a.stores[0]!, key: 'cashier', id: newId() };
    const gets = ops.filter((o) => o.method === 'GET' && !o.path.includes('{id}'));
    const ok = await Promise.all(gets.map((o) => call(t, 'GET', fill(o.path, ours), { token: a.people.owner!.token })));
    expect(ok.map((r) => r.status).filter((s) => s === 200).length).toBeGreaterThan(gets.length / 2);
    console.log(`tenant isolation sweep (${dialect}): ${ops.length} org-scoped operations × 2 roles = ${checked} calls`);
    expect(ops.length).toBeGreaterThan(15);
  });

  it("another org's store ids in a body are refused like unknown ids, with no change", async () => {
    const before = await snapshot();
    const url = `/api/v1/orgs/${a.orgId}/members/${a.people.cashier1!.userId}`;
    const theirs = await call(t, 'PATCH', url, { token: a.people.owner!.token, body: { roles: [{ role: 'cashier', storeIds: [b.stores[0]] }] } });
    const nobody = await call(t, 'PATCH', url, { token: a.people.owner!.token, body: { roles: [{ role: 'cashier', storeIds: [newId()] }] } });
    expect(theirs.status).toBe(400);
    expect(theirs.body.code).toBe('unknown_store');
    expect({ status: nobody.status, code: nobody.body.code }).toEqual({ status: theirs.status, code: theirs.body.code });
    const check = await call(t, 'POST', `/api/v1/orgs/${a.orgId}/check`, {
      token: a.people.owner!.token,
      body: { userId: b.people.owner!.userId, permission: 'sales:read' },
    });
    expect(check.body.allowed).toBe(false);
    expect(await snapshot()).toBe(before);
  });
});
