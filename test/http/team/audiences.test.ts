/**
 * Staff, partner and customer users in one team: what partner administrators may invite and
 * change (only account executives, only on the customer accounts they hold, only with a partner
 * profile), who sees which part of the team, and the audience filter of the team list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoleAssignment } from '../../../src/domain/types.js';
import { newId } from '../../../src/lib/ids.js';
import type { RequestContext } from '../../../src/services/context.js';
import { addMembership, createUser } from '../../../src/services/users.js';
import { createMerchant, type Merchant, PASSWORD, type Person, tokenFor } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { profileWith } from '../auth/audience-helpers.js';
import { api, invite, snapshot } from '../invitations/helpers.js';

const fixture: RequestContext = { principal: null, ip: undefined, requestId: 'fixture' };

interface Commerce extends Merchant {
  accounts: { c1: string; c2: string; c3: string };
  partnerProfile: string;
  customerProfile: string;
  partnerAdmin: Person;
  exec: Person;
  customer: Person;
}

describe.each(dialects())('audiences: staff, partner and customer users (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  /** A signed-in partner or customer member, added the way an accepted invitation adds them. */
  async function outsider(orgId: string, audience: 'partner' | 'customer', roles: RoleAssignment[], profileId: string, customerIds: string[]): Promise<Person> {
    const now = t.deps.clock();
    const email = `${audience}-${newId().slice(-8)}@outside.test`;
    const user = await createUser(t.deps.db, t.deps, now, { email, password: PASSWORD, firstName: audience, lastName: 'User' });
    await addMembership(t.deps.db, fixture, now, orgId, user, roles, { audience, profile: { id: profileId, name: '', audience, permissions: [] }, customerIds, customers: [] });
    return { userId: user.id, email, token: await tokenFor(t, email) };
  }

  async function commerce(): Promise<Commerce> {
    const m = await createMerchant(t, { preset: 'commerce', storeCount: 0, team: { owner: () => [{ role: 'global_admin' }], sysadmin: () => [{ role: 'system_admin' }] } });
    const owner = m.people.owner!.token;
    const account = async (name: string) => {
      const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/customers`, { token: owner, body: { name } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return res.body.id as string;
    };
    const accounts = { c1: await account('Acme'), c2: await account('Globex'), c3: await account('Initech') };
    const partnerProfile = await profileWith(t, m.orgId, 'view', 'partner');
    const customerProfile = await profileWith(t, m.orgId, 'view', 'customer');
    const partnerAdmin = await outsider(m.orgId, 'partner', [{ role: 'partner_admin' }], partnerProfile, [accounts.c1, accounts.c2]);
    const exec = await outsider(m.orgId, 'partner', [{ role: 'partner_account_executive' }], partnerProfile, [accounts.c1]);
    const customer = await outsider(m.orgId, 'customer', [], customerProfile, [accounts.c1]);
    return { ...m, accounts, partnerProfile, customerProfile, partnerAdmin, exec, customer };
  }

  const fresh = () => `new-${newId().slice(-8)}@people.test`;
  const execInvite = (c: Commerce, customerIds: string[], extra: Record<string, unknown> = {}) => ({
    email: fresh(),
    audience: 'partner',
    roles: [{ role: 'partner_account_executive' }],
    profileId: c.partnerProfile,
    customerIds,
    ...extra,
  });

  it('a partner admin cannot invite staff or partner admins, nor anyone outside their accounts and profile; nothing changes', async () => {
    const c = await commerce();
    const token = c.partnerAdmin.token;
    const cases: [Record<string, unknown>, number, string][] = [
      [{ email: fresh(), roles: [{ role: 'system_admin' }] }, 403, 'audience_not_assignable'],
      [{ email: fresh(), audience: 'staff', roles: [{ role: 'partner_account_executive' }] }, 400, 'invalid_audience'],
      [execInvite(c, [c.accounts.c1], { roles: [{ role: 'partner_admin' }] }), 403, 'role_not_assignable'],
      [execInvite(c, [c.accounts.c1], { roles: [{ role: 'system_admin' }] }), 400, 'invalid_audience'],
      [execInvite(c, [c.accounts.c3]), 400, 'unknown_customer_account'],
      [execInvite(c, [c.accounts.c1, 'no-such-account']), 400, 'unknown_customer_account'],
      [execInvite(c, []), 400, 'invalid_audience'],
      [execInvite(c, [c.accounts.c1], { profileId: undefined }), 400, 'invalid_audience'],
      [execInvite(c, [c.accounts.c1], { profileId: c.customerProfile }), 400, 'invalid_audience'],
      [execInvite(c, [c.accounts.c1], { profileId: 'no-such-profile' }), 400, 'unknown_profile'],
      [{ email: fresh(), audience: 'customer', profileId: c.customerProfile, customerIds: [c.accounts.c1] }, 403, 'audience_not_assignable'],
    ];
    for (const [body, status, code] of cases) {
      const before = await snapshot(t, c.orgId);
      const res = await call(t, 'POST', api(c.orgId), { token, body });
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(res.body.detail).not.toMatch(/[a-z]+:[a-z]+|_/);
      expect(await snapshot(t, c.orgId)).toEqual(before);
    }
    // An account executive and a customer user cannot invite at all.
    for (const who of [c.exec, c.customer]) {
      const res = await call(t, 'POST', api(c.orgId), { token: who.token, body: execInvite(c, [c.accounts.c1]) });
      expect(res.status).toBe(403);
    }
  });

  it('a partner admin invites an account executive on accounts they hold; accepting copies audience, profile and accounts', async () => {
    const c = await commerce();
    const body = execInvite(c, [c.accounts.c2, c.accounts.c1, c.accounts.c1]);
    const { invitation, token } = await invite(t, c.orgId, c.partnerAdmin.token, body);
    const accounts = [c.accounts.c1, c.accounts.c2].sort();
    expect(invitation).toMatchObject({ audience: 'partner', profileId: c.partnerProfile, customerIds: accounts, roles: [{ role: 'partner_account_executive' }] });
    expect(invitation.actions).toEqual({ canResend: true, canCancel: true });

    // Staff see it too; the invitation of a staff member stays out of the partner's sight.
    const staffInvite = await invite(t, c.orgId, c.people.owner!.token, { email: fresh(), roles: [{ role: 'system_admin' }] });
    expect(staffInvite.invitation).toMatchObject({ audience: 'staff', profileId: null, customerIds: [] });
    const partnerList = await call(t, 'GET', api(c.orgId), { token: c.partnerAdmin.token });
    expect(partnerList.body.items.map((i: { id: string }) => i.id)).toEqual([invitation.id]);
    expect((await call(t, 'GET', `${api(c.orgId)}/${staffInvite.invitation.id}`, { token: c.partnerAdmin.token })).status).toBe(404);
    expect((await call(t, 'POST', `${api(c.orgId)}/${staffInvite.invitation.id}/cancel`, { token: c.partnerAdmin.token, body: {} })).status).toBe(404);
    const staffList = await call(t, 'GET', `${api(c.orgId)}?audience=partner`, { token: c.people.owner!.token });
    expect(staffList.body.items.map((i: { id: string }) => i.id)).toEqual([invitation.id]);

    const accepted = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { firstName: 'Ada', lastName: 'Exec', password: PASSWORD } });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    const member = await call(t, 'GET', `/api/v1/orgs/${c.orgId}/members/${accepted.body.userId}`, { token: c.people.owner!.token });
    expect(member.body).toMatchObject({ audience: 'partner', profileId: c.partnerProfile, customerIds: accounts, roles: [{ role: 'partner_account_executive' }] });
    const history = await call(t, 'GET', `/api/v1/orgs/${c.orgId}/audit?action=invitation.created`, { token: c.people.owner!.token });
    const words = history.body.items.map((i: { summary: string }) => i.summary).join('\n');
    expect(words).toMatch(/invited .* as a partner user \(Partner Account Executive\) for Acme and Globex/);
  });

  it('the inviter must still hold the accounts when the invitation is accepted', async () => {
    const c = await commerce();
    const { token } = await invite(t, c.orgId, c.partnerAdmin.token, execInvite(c, [c.accounts.c2]));
    const patch = await call(t, 'PATCH', `/api/v1/orgs/${c.orgId}/members/${c.partnerAdmin.userId}`, { token: c.people.owner!.token, body: { customerIds: [c.accounts.c1] } });
    expect(patch.status, JSON.stringify(patch.body)).toBe(200);
    const accepted = await call(t, 'POST', `/api/v1/invitations/${token}/accept`, { body: { firstName: 'Ada', lastName: 'Exec', password: PASSWORD } });
    expect([accepted.status, accepted.body.code]).toEqual([403, 'role_not_assignable']);
  });

  it('a customer user sees no team; partner users see only partner users; staff filter by audience', async () => {
    const c = await commerce();
    const members = (token: string, query = '') => call(t, 'GET', `/api/v1/orgs/${c.orgId}/members${query}`, { token });
    const ids = (res: { body: { items: { userId: string }[] } }) => res.body.items.map((i) => i.userId).sort();

    const customerView = await members(c.customer.token);
    expect(customerView.status).toBe(403);
    expect((await call(t, 'GET', api(c.orgId), { token: c.customer.token })).status).toBe(403);
    expect((await call(t, 'GET', `/api/v1/orgs/${c.orgId}/members/${c.exec.userId}`, { token: c.customer.token })).status).toBe(403);

    const partners = [c.partnerAdmin.userId, c.exec.userId].sort();
    const partnerView = await members(c.partnerAdmin.token);
    expect(partnerView.status).toBe(200);
    expect(ids(partnerView)).toEqual(partners);
    expect(ids(await members(c.partnerAdmin.token, '?audience=staff'))).toEqual([]);
    expect(ids(await members(c.partnerAdmin.token, '?audience=partner'))).toEqual(partners);
    expect((await call(t, 'GET', `/api/v1/orgs/${c.orgId}/members/${c.people.owner!.userId}`, { token: c.partnerAdmin.token })).status).toBe(404);
    expect((await call(t, 'GET', `/api/v1/orgs/${c.orgId}/members/${c.customer.userId}`, { token: c.partnerAdmin.token })).status).toBe(404);
    // An account executive holds no team:read: no team list at all.
    expect((await members(c.exec.token)).status).toBe(403);

    const owner = c.people.owner!.token;
    expect(ids(await members(owner, '?audience=staff'))).toEqual([c.people.owner!.userId, c.people.sysadmin!.userId].sort());
    expect(ids(await members(owner, '?audience=partner'))).toEqual(partners);
    const customers = await members(owner, '?audience=customer');
    expect(customers.body.items).toEqual([expect.objectContaining({ userId: c.customer.userId, audience: 'customer', profileId: c.customerProfile, customerIds: [c.accounts.c1], roles: [] })]);
    expect(ids(await members(owner))).toHaveLength(5);
    expect((await members(owner, '?audience=robot')).status).toBe(400);
  });

  it('member edits take profile and accounts within the same rules; the audience itself never changes', async () => {
    const c = await commerce();
    const path = (userId: string) => `/api/v1/orgs/${c.orgId}/members/${userId}`;
    const patch = (token: string, userId: string, body: Record<string, unknown>) => call(t, 'PATCH', path(userId), { token, body });

    const gave = await patch(c.partnerAdmin.token, c.exec.userId, { customerIds: [c.accounts.c1, c.accounts.c2] });
    expect(gave.status, JSON.stringify(gave.body)).toBe(200);
    expect(gave.body.customerIds).toEqual([c.accounts.c1, c.accounts.c2].sort());

    const cases: [string, Person, string, Record<string, unknown>, number, string][] = [
      ['an account the partner does not hold', c.partnerAdmin, c.exec.userId, { customerIds: [c.accounts.c1, c.accounts.c3] }, 400, 'unknown_customer_account'],
      ['a move to staff', c.partnerAdmin, c.exec.userId, { audience: 'staff' }, 400, 'invalid_audience'],
      ['a staff role to a partner', c.people.owner!, c.exec.userId, { roles: [{ role: 'system_admin' }] }, 400, 'invalid_audience'],
      ['a customer with two accounts', c.people.owner!, c.customer.userId, { customerIds: [c.accounts.c1, c.accounts.c2] }, 400, 'invalid_audience'],
      ['a customer profile to a partner', c.people.owner!, c.exec.userId, { profileId: c.customerProfile }, 400, 'invalid_audience'],
      ['a profile to staff', c.people.owner!, c.people.sysadmin!.userId, { profileId: c.partnerProfile }, 400, 'invalid_audience'],
      ['a partner admin touching staff', c.partnerAdmin, c.people.sysadmin!.userId, { roles: [{ role: 'system_admin' }] }, 404, 'not_found'],
      ['a partner admin touching a customer', c.partnerAdmin, c.customer.userId, { customerIds: [c.accounts.c1] }, 404, 'not_found'],
      ['an executive giving themselves accounts', c.exec, c.exec.userId, { customerIds: [c.accounts.c1, c.accounts.c2, c.accounts.c3] }, 403, 'forbidden'],
    ];
    // What a refused edit must leave as it was (the actor's own visit moves "last seen").
    const access = async (userId: string) => {
      const { lastSeenAt: _, ...rest } = (await call(t, 'GET', path(userId), { token: c.people.owner!.token })).body;
      return rest;
    };
    for (const [what, who, target, body, status, code] of cases) {
      const before = await access(target);
      const res = await patch(who.token, target, body);
      expect([res.status, res.body.code], what).toEqual([status, code]);
      expect(await access(target), what).toEqual(before);
    }

    const moved = await patch(c.people.owner!.token, c.customer.userId, { customerIds: [c.accounts.c3], audience: 'customer' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body).toMatchObject({ audience: 'customer', customerIds: [c.accounts.c3] });
    const history = await call(t, 'GET', `/api/v1/orgs/${c.orgId}/audit?targetId=${c.customer.userId}`, { token: c.people.owner!.token });
    const updated = history.body.items.find((i: { action: string }) => i.action === 'member.updated');
    expect(updated.changes).toContainEqual({ field: 'Customer accounts', before: 'Acme', after: 'Initech' });
  });

  it('a partner admin removes an executive of their accounts, and nobody else', async () => {
    const c = await commerce();
    const otherExec = await outsider(c.orgId, 'partner', [{ role: 'partner_account_executive' }], c.partnerProfile, [c.accounts.c1, c.accounts.c3]);
    const remove = (userId: string) => call(t, 'DELETE', `/api/v1/orgs/${c.orgId}/members/${userId}`, { token: c.partnerAdmin.token, body: {} });
    expect((await remove(otherExec.userId)).status).toBe(403);
    expect((await remove(c.people.sysadmin!.userId)).status).toBe(404);
    expect((await remove(c.exec.userId)).status).toBe(204);
    // Removed and invited again: no account of before carries over.
    const again = await invite(t, c.orgId, c.partnerAdmin.token, { ...execInvite(c, [c.accounts.c2]), email: c.exec.email });
    expect(again.invitation.customerIds).toEqual([c.accounts.c2]);
  });
});
