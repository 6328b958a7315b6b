/**
 * Issue 14: a unique-violation race answers 409, never 500. N requests create the same org
 * (slug), store (code) or user (email) at the same moment: exactly one is created, every other
 * one answers 409 `already_exists` with a sentence saying what to do, and one row exists.
 * On PostgreSQL the requests run in real concurrent transactions, so some of them pass the
 * "is it taken?" check together and lose on the unique index; on SQLite writers take turns and
 * the check answers. Both must look the same to the caller.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src/contracts/errors.js';
import { createPlatformUser } from '../../../src/services/users.js';
import { isUniqueViolation } from '../../../src/store/unique.js';
import { type Merchant, type Person, platformStaff, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { invite, NEW_PASSWORD } from '../invitations/helpers.js';

const N = 8;
const ROUNDS = 5;

function expectOneCreated(results: { status: number; body: any }[], what: string) {
  const statuses = results.map((r) => r.status).sort();
  const bodies = JSON.stringify(results.filter((r) => r.status !== 201).map((r) => r.body));
  expect(statuses, `${what}: ${bodies}`).toEqual([201, ...Array(N - 1).fill(409)]);
  for (const r of results.filter((x) => x.status === 409)) {
    expect(r.body.code).toBe('already_exists');
    expect(r.body.detail).toMatch(/choose another|use another/);
  }
}

describe.each(dialects())('concurrent creations of the same thing (%s)', (dialect) => {
  let t: TestApp;
  let staff: Person;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    staff = await platformStaff(t);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  it(`${N} creations of one org slug: one 201, the rest 409, one org (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const slug = `race-org-${round}`;
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) => call(t, 'POST', '/api/v1/orgs', { token: staff.token, body: { name: `Race ${round}.${i}`, slug, reason: 'race test' } })),
      );
      expectOneCreated(results, `round ${round}`);
      const rows = await t.deps.db.selectFrom('orgs').select('id').where('slug', '=', slug).execute();
      expect(rows).toHaveLength(1);
      expect(rows[0]!.id).toBe(results.find((r) => r.status === 201)!.body.id);
    }
  });

  it(`${N} creations of one store code in an org: one 201, the rest 409, one store (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const code = `RACE-${round}`;
      const results = await Promise.all(
        Array.from({ length: N }, (_, i) => call(t, 'POST', `/api/v1/orgs/${m.orgId}/stores`, { token: m.people.owner!.token, body: { name: `Race ${i}`, code } })),
      );
      expectOneCreated(results, `round ${round}`);
      const rows = await t.deps.db.selectFrom('stores').select('id').where('org_id', '=', m.orgId).where('code', '=', code).execute();
      expect(rows).toHaveLength(1);
    }
  });

  it(`${N} creations of one user email: one created, the rest 409 already_exists, one user (${ROUNDS} rounds)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const email = `race-user-${round}@platform.test`;
      const settled = await Promise.allSettled(
        Array.from({ length: N }, () =>
          createPlatformUser(t.deps, t.deps.clock(), { email, firstName: 'Race', lastName: 'User', password: 'purple walrus juggles seven lanterns', platformRole: 'support_agent' }),
        ),
      );
      const created = settled.filter((s) => s.status === 'fulfilled');
      const refused = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
      expect(created, `round ${round}: ${refused.map(String).join('; ')}`).toHaveLength(1);
      for (const err of refused) {
        expect(err).toBeInstanceOf(AppError);
        expect((err as AppError).status).toBe(409);
        expect((err as AppError).code).toBe('already_exists');
      }
      const rows = await t.deps.db.selectFrom('users').select('id').where('email_key', '=', email).execute();
      expect(rows).toHaveLength(1);
    }
  });

  it(`${N} invitations from different orgs, accepted at once by one new person: one account, never 500 (${ROUNDS} rounds)`, async () => {
    const orgs = [m, ...(await Promise.all(Array.from({ length: N - 1 }, () => posTeam(t))))];
    for (let round = 0; round < ROUNDS; round++) {
      const email = `race-invitee-${round}@example.com`;
      const tokens: string[] = [];
      for (const o of orgs) tokens.push((await invite(t, o.orgId, o.people.owner!.token, { email, roles: [{ role: 'cashier', storeIds: [o.stores[0]] }] })).token);
      const body = { firstName: 'Race', lastName: `Invitee${round}`, password: NEW_PASSWORD };
      const results = await Promise.all(tokens.map((token) => call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body })));
      const bodies = JSON.stringify(results.map((r) => [r.status, r.body.code]));
      expect(results.filter((r) => r.status === 200), bodies).toHaveLength(1);
      // The losers either raced the creation (409, the unique index) or came after it (401:
      // the account exists now, so they must sign in first). Never a 500.
      for (const r of results.filter((x) => x.status !== 200)) {
        expect([401, 409], bodies).toContain(r.status);
        if (r.status === 409) expect(r.body.code).toBe('already_exists');
      }
      const users = await t.deps.db.selectFrom('users').select('id').where('email_key', '=', email).execute();
      expect(users).toHaveLength(1);
      const memberships = await t.deps.db.selectFrom('memberships').select('org_id').where('user_id', '=', users[0]!.id).execute();
      expect(memberships).toHaveLength(1);
    }
  });

  it('setup links racing on one email: one admin, the others refused (404 used link or 409), never 500', async () => {
    const token = 'setup-token-for-the-create-races-suite-0123456789';
    const s = await startTestApp(dialect, {}, { setupToken: token });
    try {
      const body = { token, email: 'first-admin@platform.test', password: 'purple walrus juggles seven lanterns', firstName: 'First', lastName: 'Admin' };
      const results = await Promise.all(Array.from({ length: N }, () => call(s, 'POST', '/api/v1/setup', { body })));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((x) => x === 201), JSON.stringify(results.map((r) => r.body))).toHaveLength(1);
      for (const x of statuses.filter((y) => y !== 201)) expect([404, 409]).toContain(x);
      const admins = await s.deps.db.selectFrom('users').select('id').where('platform_role', '=', 'support_admin').execute();
      expect(admins).toHaveLength(1);
    } finally {
      await s.close();
    }
  });

  it('a unique violation of this dialect is recognised, another error is not', async () => {
    const row = { id: `u-${dialect}`, email: 'dup@example.com', email_key: 'dup@example.com', first_name: '', last_name: '', created_at: 'x', updated_at: 'x' };
    await t.deps.db.insertInto('users').values(row).execute();
    const dup = await t.deps.db
      .insertInto('users')
      .values({ ...row, id: `u2-${dialect}` })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(dup)).toBe(true);
    const samePk = await t.deps.db
      .insertInto('users')
      .values({ ...row, email_key: 'other@example.com' })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isUniqueViolation(samePk)).toBe(true);
    const other = await t.deps.db
      .selectFrom('users')
      .select('id')
      .where('no_such_column' as 'id', '=', 'x')
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(other).toBeDefined();
    expect(isUniqueViolation(other)).toBe(false);
    expect(isUniqueViolation(new Error('UNIQUE constraint failed'))).toBe(false);
  });
});
