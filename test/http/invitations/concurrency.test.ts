/**
 * SPEC §5: accept-once holds under concurrent transactions on PostgreSQL (SQLite serializes
 * writers, so the race cannot happen there). Requests are opened together over real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { api, invite, mailFor, NEW_PASSWORD } from './helpers.js';

const ROUNDS = 20;
const pg = dialects().filter((d) => d === 'postgres');

describe.each(pg)('invitation races (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  it('two accepts of one invitation at the same moment create exactly one membership', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const email = `race-${round}@example.com`;
      const { token } = await invite(t, m.orgId, m.people.owner!.token, { email, roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
      const body = { firstName: 'Race', lastName: `R${round}`, password: NEW_PASSWORD };
      const results = await Promise.all([0, 1].map(() => call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses, JSON.stringify(results.map((r) => r.body))).toEqual([200, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('invitation_not_pending');
      const users = await t.deps.db.selectFrom('users').select('id').where('email_key', '=', email).execute();
      expect(users).toHaveLength(1);
      const members = await t.deps.db.selectFrom('memberships').select('user_id').where('org_id', '=', m.orgId).where('user_id', '=', users[0]!.id).execute();
      expect(members).toHaveLength(1);
    }
  });

  it('two admins inviting the same email at once: one invitation, the other gets invitation_pending', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const email = `dup-${round}@example.com`;
      const results = await Promise.all(
        ['owner', 'admin'].map((who) => call(t, 'POST', api(m.orgId), { token: m.people[who]!.token, body: { email, roles: [{ role: 'org_manager' }] } })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(results.find((r) => r.status === 409)?.body.code).toBe('invitation_pending');
      const rows = await t.deps.db.selectFrom('invitations').select('id').where('org_id', '=', m.orgId).where('email_key', '=', email).execute();
      expect(rows).toHaveLength(1);
      expect((await mailFor(t, email)).count).toBe(1);
    }
  });
});
