/**
 * SPEC rules 4 and 5 under concurrent transactions on PostgreSQL (SQLite serializes writers).
 * Requests are opened together over real HTTP, ~20 rounds each; after every round the
 * invariants are read back from the database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { updateOrg } from '../../../src/store/queries/org.queries.js';

const ROUNDS = 20;
const pg = dialects().filter((d) => d === 'postgres');

async function activeTopAdmins(t: TestApp, orgId: string): Promise<string[]> {
  const rows = await t.deps.db
    .selectFrom('role_assignments as ra')
    .innerJoin('memberships as m', (j) => j.onRef('m.org_id', '=', 'ra.org_id').onRef('m.user_id', '=', 'ra.user_id'))
    .select('ra.user_id')
    .where('ra.org_id', '=', orgId)
    .where('ra.role_key', '=', 'org_admin')
    .where('m.status', '=', 'active')
    .execute();
  return rows.map((r) => r.user_id);
}

describe.each(pg)('team races (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('two admins removing each other at the same moment: one succeeds, the org keeps an active admin', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const m = await createMerchant(t, { storeCount: 1, team: { a: () => [{ role: 'org_admin' }], b: () => [{ role: 'org_admin' }] } });
      // Neither is the owner, so only the last-admin rule stands between them.
      await updateOrg(t.deps.db, m.orgId, { owner_id: null });
      const [a, b] = [m.people.a!, m.people.b!];
      const results = await Promise.all([
        call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/members/${b.userId}`, { token: a.token, body: {} }),
        call(t, 'DELETE', `/api/v1/orgs/${m.orgId}/members/${a.userId}`, { token: b.token, body: {} }),
      ]);
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 204), JSON.stringify(results.map((r) => r.body))).toHaveLength(1);
      // The loser is refused: its own membership is gone (404), it would remove the last admin
      // (409), or the winner's removal already ended its session (401: it had no other org).
      const loser = results.find((r) => r.status !== 204)!;
      expect([401, 404, 409]).toContain(loser.status);
      expect(await activeTopAdmins(t, m.orgId)).toHaveLength(1);
    }
  });

  it('two admins demoting each other at the same moment: one active top admin remains', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const m = await createMerchant(t, { storeCount: 1, team: { a: () => [{ role: 'org_admin' }], b: () => [{ role: 'org_admin' }] } });
      await updateOrg(t.deps.db, m.orgId, { owner_id: null });
      const [a, b] = [m.people.a!, m.people.b!];
      const body = { roles: [{ role: 'org_manager' }] };
      const results = await Promise.all([
        call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${b.userId}`, { token: a.token, body }),
        call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${a.userId}`, { token: b.token, body }),
      ]);
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(await activeTopAdmins(t, m.orgId)).toHaveLength(1);
    }
  });

  it('owner transfer racing a demotion of the new owner: the owner is always an active top admin', async () => {
    const outcomes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const m = await createMerchant(t, {
        storeCount: 1,
        team: { owner: () => [{ role: 'org_admin' }], heir: () => [{ role: 'org_admin' }], other: () => [{ role: 'org_admin' }] },
      });
      const { owner, heir, other } = m.people as Record<'owner' | 'heir' | 'other', { userId: string; token: string }>;
      const [transfer, demote] = await Promise.all([
        call(t, 'POST', `/api/v1/orgs/${m.orgId}/owner-transfer`, { token: owner.token, body: { userId: heir.userId } }),
        call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${heir.userId}`, { token: other.token, body: { roles: [{ role: 'org_manager' }] } }),
      ]);
      outcomes.add(`${transfer.status}/${demote.status}`);
      // Exactly one wins: transfer first → demotion refused as owner_protected; demotion first → transfer refused.
      expect([transfer.status, demote.status].filter((s) => s === 200), JSON.stringify([transfer.body, demote.body])).toHaveLength(1);
      if (demote.status !== 200) expect(demote.body.code).toBe('owner_protected');
      const org = await t.deps.db.selectFrom('orgs').select('owner_id').where('id', '=', m.orgId).executeTakeFirstOrThrow();
      expect(await activeTopAdmins(t, m.orgId)).toContain(org.owner_id);
    }
    expect(outcomes.size).toBeGreaterThanOrEqual(1);
  });
});
