/**
 * One person, many orgs (SECURITY.md): an org's action reaches that org only. It cannot change
 * what another org sees of a shared person, end their access elsewhere, or read where else they
 * work. Bea owns beta and is a cashier in acme; acme's store manager and top admin try.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RequestContext } from '../../src/services/context.js';
import { addMembership } from '../../src/services/users.js';
import { findUserById } from '../../src/store/queries/user.queries.js';
import { createMerchant, type Merchant, type Person, platformStaff, tokenFor } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { addTarget } from '../http/team/helpers.js';

const fixture: RequestContext = { principal: null, ip: undefined, requestId: 'fixture' };

describe.each(dialects())('One person, many orgs (%s)', (dialect) => {
  let t: TestApp;
  let acme: Merchant;
  let beta: Merchant;
  let bea: Person;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    acme = await createMerchant(t, {
      storeCount: 2,
      team: { owner: () => [{ role: 'org_admin' }], manager: (s) => [{ role: 'store_manager', storeIds: [s[0]!] }] },
    });
    beta = await createMerchant(t, { storeCount: 1, team: { bea: () => [{ role: 'org_admin' }] } });
    bea = beta.people.bea!;
    const user = await findUserById(t.deps.db, bea.userId);
    await addMembership(t.deps.db, fixture, t.deps.clock(), acme.orgId, user!, [{ role: 'cashier', storeIds: [acme.stores[0]!] }]);
  });

  const api = (method: string, path: string, token: string, body?: unknown) => call(t, method, `/api/v1${path}`, { token, ...(body !== undefined ? { body } : {}) });
  /** Whether a token still reaches an org: any member may read it. */
  const reaches = async (token: string, orgId: string) => (await api('GET', `/orgs/${orgId}`, token)).status;
  const userRow = async () => (await t.deps.db.selectFrom('users').select(['first_name', 'last_name', 'phone']).where('id', '=', bea.userId).executeTakeFirstOrThrow());
  const auditIn = (orgId: string, action: string) =>
    t.deps.db.selectFrom('audit_events').select(['actor_id', 'after']).where('org_id', '=', orgId).where('target_id', '=', bea.userId).where('action', '=', action).execute();
  /** Lets Bea hold several sessions at once (the single-session policy would end the older one). */
  async function severalSessions() {
    await t.deps.db.updateTable('orgs').set({ single_session: 0 }).where('id', 'in', [acme.orgId, beta.orgId]).execute();
  }

  it("one org cannot change a shared person's name or phone; the person can, and every org they belong to audits it", async () => {
    const before = await userRow();
    const forged = { firstName: 'Mallory', lastName: 'Forged', phone: '+1 555 0100' };
    for (const who of ['manager', 'owner'] as const) {
      const res = await api('PATCH', `/orgs/${acme.orgId}/members/${bea.userId}`, acme.people[who]!.token, forged);
      expect(res.status, who).toBe(403);
      expect(res.body.code).toBe('shared_profile');
      expect(res.body.detail).toMatch(/bea Tester also belongs to other businesses/i);
      expect(res.body.detail).not.toContain(beta.orgId);
    }
    expect(await userRow()).toEqual(before);
    const betaList = await api('GET', `/orgs/${beta.orgId}/members?limit=50`, bea.token);
    expect(betaList.body.items.find((m: { userId: string }) => m.userId === bea.userId)).toMatchObject({ firstName: 'bea', lastName: 'Tester' });
    expect(await auditIn(beta.orgId, 'member.details_changed')).toHaveLength(0);

    // The console's form sends every field: unchanged details with a role change are no change to refuse.
    const roles = await api('PATCH', `/orgs/${acme.orgId}/members/${bea.userId}`, acme.people.owner!.token, {
      firstName: 'bea',
      lastName: 'Tester',
      phone: null,
      roles: [{ role: 'cashier', storeIds: [acme.stores[0]!, acme.stores[1]!] }],
    });
    expect(roles.status).toBe(200);

    // Someone who belongs to acme alone is acme's to edit.
    const solo = await addTarget(t, acme.orgId, [{ role: 'cashier', storeIds: [acme.stores[0]!] }], 'solo');
    expect((await api('PATCH', `/orgs/${acme.orgId}/members/${solo}`, acme.people.manager!.token, { firstName: 'Solo', phone: '+1 555 0101' })).status).toBe(200);

    // The person changes their own details: both orgs see it and both audit it.
    const own = await api('PATCH', '/me', bea.token, { firstName: 'Beatrice', phone: '+44 20 7946 0000' });
    expect(own.status).toBe(200);
    expect(own.body.user).toMatchObject({ firstName: 'Beatrice', lastName: 'Tester', phone: '+44 20 7946 0000' });
    for (const orgId of [acme.orgId, beta.orgId]) {
      const events = await auditIn(orgId, 'member.details_changed');
      expect(events, orgId).toHaveLength(1);
      expect(events[0]!.actor_id).toBe(bea.userId);
      expect(JSON.parse(String(events[0]!.after))).toMatchObject({ firstName: 'Beatrice' });
    }

    // Platform support may, with a reason; the other org gets its own entry.
    const staff = await platformStaff(t);
    const bySupport = await api('PATCH', `/orgs/${acme.orgId}/members/${bea.userId}`, staff.token, { lastName: 'Fixed', reason: 'Ticket 42: legal name change, verified' });
    expect(bySupport.status).toBe(200);
    expect(await auditIn(beta.orgId, 'member.details_changed')).toHaveLength(2);
    expect((await auditIn(acme.orgId, 'member.updated')).length).toBeGreaterThanOrEqual(1);
  });

  it('suspension ends the sessions in that org for good: reactivation revives none; the other org is untouched', async () => {
    const token = bea.token;
    expect(await reaches(token, acme.orgId)).toBe(200);
    expect((await api('POST', `/orgs/${acme.orgId}/members/${bea.userId}/suspend`, acme.people.manager!.token, {})).status).toBe(200);
    expect(await reaches(token, acme.orgId)).toBe(404);
    expect(await reaches(token, beta.orgId)).toBe(200);
    expect((await api('POST', `/orgs/${acme.orgId}/members/${bea.userId}/reactivate`, acme.people.manager!.token, {})).status).toBe(200);
    expect(await reaches(token, acme.orgId)).toBe(404);
    expect(await reaches(token, beta.orgId)).toBe(200);
    const me = await api('GET', '/me', token);
    expect(me.body.memberships.map((m: { org: { id: string } }) => m.org.id)).toEqual([beta.orgId]);
    // A new sign-in after reactivation works in acme again.
    expect(await reaches(await tokenFor(t, bea.email), acme.orgId)).toBe(200);

    // Someone in acme alone is signed out outright, and reactivation does not revive it either.
    const cashier = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
    const c = cashier.people.cashier!;
    expect((await api('POST', `/orgs/${cashier.orgId}/members/${c.userId}/suspend`, cashier.people.owner!.token, {})).status).toBe(200);
    expect((await api('POST', `/orgs/${cashier.orgId}/members/${c.userId}/reactivate`, cashier.people.owner!.token, {})).status).toBe(200);
    expect((await api('GET', '/me', c.token)).status).toBe(401);
  });

  it("ending a shared person's sessions through one org (one, all of theirs, everyone) ends that org's access only; their password change and support end all", async () => {
    await severalSessions();
    const owner = acme.people.owner!.token;
    const ends: [string, (session: string) => Promise<number>][] = [
      ["end the member's sessions", async () => (await api('DELETE', `/orgs/${acme.orgId}/members/${bea.userId}/sessions`, acme.people.manager!.token, {})).status],
      ['end one session', async (id) => (await api('DELETE', `/orgs/${acme.orgId}/sessions/${id}`, owner, {})).status],
      ['sign everyone out', async () => (await api('DELETE', `/orgs/${acme.orgId}/sessions`, owner, {})).status],
    ];
    for (const [label, end] of ends) {
      const token = await tokenFor(t, bea.email);
      const list = await api('GET', `/orgs/${acme.orgId}/sessions?limit=200`, owner);
      const mine = (await api('GET', '/me/sessions?limit=200', token)).body.items.find((s: { current: boolean }) => s.current);
      expect(list.body.items.map((s: { id: string }) => s.id), label).toContain(mine.id);
      expect([200, 204], label).toContain(await end(mine.id));
      expect(await reaches(token, acme.orgId), label).toBe(404);
      expect(await reaches(token, beta.orgId), label).toBe(200);
      expect((await api('GET', '/me', token)).status, label).toBe(200);
      // No longer listed as signed in to acme; beta still sees it.
      expect((await api('GET', `/orgs/${acme.orgId}/sessions?limit=200`, owner)).body.items.map((s: { id: string }) => s.id), label).not.toContain(mine.id);
      expect((await api('GET', `/orgs/${beta.orgId}/sessions?limit=200`, token)).body.items.map((s: { id: string }) => s.id), label).toContain(mine.id);
    }
    // The owner's own session survived their "sign everyone out".
    expect(await reaches(owner, acme.orgId)).toBe(200);

    // The person's own password change and platform support end the sessions everywhere.
    const a = await tokenFor(t, bea.email);
    const b = await tokenFor(t, bea.email);
    const changed = await api('POST', '/me/password', a, { currentPassword: 'correct horse battery staple', newPassword: 'a brand new passphrase for bea' });
    expect(changed.status).toBe(200);
    expect((await api('GET', '/me', b)).status).toBe(401);
    expect(await reaches(a, beta.orgId)).toBe(200);

    const c = await tokenFor(t, bea.email, 'a brand new passphrase for bea');
    const staff = await platformStaff(t);
    const ended = await api('DELETE', `/orgs/${acme.orgId}/members/${bea.userId}/sessions`, staff.token, { reason: 'Ticket 43: lost phone, verified' });
    expect(ended.status).toBe(200);
    for (const token of [a, c]) expect(await reaches(token, beta.orgId)).toBe(401);
  });

  it("an org's session list shows no other org's ids", async () => {
    const store = beta.stores[0]!;
    expect((await api('PUT', '/me/store', bea.token, { orgId: beta.orgId, storeId: store })).status).toBe(200);
    const acmeList = await api('GET', `/orgs/${acme.orgId}/sessions?limit=200`, acme.people.owner!.token);
    expect(acmeList.status).toBe(200);
    const item = acmeList.body.items.find((s: { userId: string }) => s.userId === bea.userId);
    expect(item).toMatchObject({ currentOrgId: null, currentStoreId: null });
    const text = JSON.stringify(acmeList.body);
    expect(text).not.toContain(beta.orgId);
    expect(text).not.toContain(store);
    // Beta, where the store is, sees it.
    const betaList = await api('GET', `/orgs/${beta.orgId}/sessions?limit=200`, bea.token);
    expect(betaList.body.items.find((s: { userId: string }) => s.userId === bea.userId)).toMatchObject({ currentOrgId: beta.orgId, currentStoreId: store });
  });
});
