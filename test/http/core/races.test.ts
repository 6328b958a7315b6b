import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

const ROUNDS = 20;

/**
 * SPEC rule 4 under concurrency: two admins demote each other at the same moment. The org row
 * lock serializes the two transactions, so exactly one wins and the org keeps an active admin.
 * Run on both dialects; PostgreSQL is the one with real concurrent transactions.
 */
describe.each(dialects())('two admins demoting each other (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it(`exactly one succeeds, the org keeps an admin, both outcomes are audited (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const m = await createMerchant(t, { storeCount: 1, team: { a: () => [{ role: 'org_admin' }], b: () => [{ role: 'org_admin' }] } });
      // No owner: owner protection would decide the race on its own; this isolates rule 4.
      await t.deps.db.updateTable('orgs').set({ owner_id: null }).where('id', '=', m.orgId).execute();
      const [a, b] = [m.people.a!, m.people.b!];
      const demote = (actor: typeof a, target: typeof a) =>
        call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${target.userId}`, { token: actor.token, body: { roles: [{ role: 'org_manager' }] } });
      const results = await Promise.all([demote(a, b), demote(b, a)]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses[0], `round ${round}`).toBe(200);
      expect(statuses[1], `round ${round}: ${JSON.stringify(results.map((r) => r.body.code))}`).toBeGreaterThanOrEqual(403);

      const admins = await t.deps.db
        .selectFrom('role_assignments')
        .select('user_id')
        .where('org_id', '=', m.orgId)
        .where('role_key', '=', 'org_admin')
        .execute();
      expect(admins).toHaveLength(1);

      const events = await t.deps.db.selectFrom('audit_events').select(['action', 'actor_id']).where('org_id', '=', m.orgId).where('action', 'in', ['member.updated', 'authz.refused']).execute();
      expect(events.map((e) => e.action).sort()).toEqual(['authz.refused', 'member.updated']);
      const winner = events.find((e) => e.action === 'member.updated')!.actor_id;
      expect(winner).toBe(admins[0]!.user_id);
    }
  });
});
