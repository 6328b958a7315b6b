import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

/** The Team page's "Last seen": a member's latest request in the org, written at most once a minute. */
describe.each(dialects())('last seen (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  const lastSeen = async (userId: string) =>
    (await t.deps.db.selectFrom('memberships').select('last_seen_at').where('org_id', '=', m.orgId).where('user_id', '=', userId).executeTakeFirstOrThrow()).last_seen_at;
  const orgVersion = async () => (await t.deps.db.selectFrom('orgs').select('version').where('id', '=', m.orgId).executeTakeFirstOrThrow()).version;
  const auditCount = async () => Number((await t.deps.db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('is set by a request to the org, kept for a minute, then moved; not a change of access', async () => {
    const cashier = m.people.cashier1!;
    expect(await lastSeen(cashier.userId)).toBeNull();
    // Signing in and reading one's own profile address no org: nothing to record.
    expect((await call(t, 'GET', '/api/v1/me', { token: cashier.token })).status).toBe(200);
    expect(await lastSeen(cashier.userId)).toBeNull();

    const [version, audits] = [await orgVersion(), await auditCount()];
    const first = t.clock.now().toISOString();
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}`, { token: cashier.token })).status).toBe(200);
    expect(await lastSeen(cashier.userId)).toBe(first);

    t.clock.advance(30_000);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}`, { token: cashier.token })).status).toBe(200);
    expect(await lastSeen(cashier.userId)).toBe(first);

    t.clock.advance(31_000);
    const later = t.clock.now().toISOString();
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}`, { token: cashier.token })).status).toBe(200);
    expect(await lastSeen(cashier.userId)).toBe(later);

    // Bookkeeping, not a change of access: cached decisions stay valid and nothing is audited.
    expect(await orgVersion()).toBe(version);
    expect(await auditCount()).toBe(audits);

    const list = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: m.people.owner!.token });
    const byId = new Map<string, { lastSeenAt: string | null }>(list.body.items.map((x: { userId: string; lastSeenAt: string | null }) => [x.userId, x]));
    expect(byId.get(cashier.userId)?.lastSeenAt).toBe(later);
    expect(byId.get(m.people.stocker2!.userId)?.lastSeenAt).toBeNull();
  });

  it('is not recorded in an org the caller is not a member of', async () => {
    const other = await posTeam(t);
    const outsider = m.people.manager2!;
    expect((await call(t, 'GET', `/api/v1/orgs/${other.orgId}`, { token: outsider.token })).status).toBe(404);
    const rows = await t.deps.db.selectFrom('memberships').select('user_id').where('org_id', '=', other.orgId).where('last_seen_at', 'is not', null).execute();
    expect(rows).toEqual([]);
  });
});
