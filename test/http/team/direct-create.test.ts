/**
 * Creating a person directly, without an invitation: the same delegation and audience rules as
 * an invitation, a real "choose your password" mail, and the person signs in with what they
 * chose. An email that already has an account is not created again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../src/lib/ids.js';
import type { RequestContext } from '../../../src/services/context.js';
import { addMembership, createUser } from '../../../src/services/users.js';
import { createMerchant, PASSWORD, posTeam, tokenFor } from '../../fixtures/merchant.js';
import { startSmtp, type Smtp } from '../../fixtures/smtp.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { flushMail, linkToken, profileWith, received } from '../auth/audience-helpers.js';
import { snapshot } from '../invitations/helpers.js';

const fixture: RequestContext = { principal: null, ip: undefined, requestId: 'fixture' };
const CHOSEN = 'a long passphrase of my own choosing';

describe.each(dialects())('creating a person directly (%s)', (dialect) => {
  let t: TestApp;
  let smtp: Smtp;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { smtpUrl: smtp.url, mailFrom: 'Rolecall <no-reply@rolecall.test>' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const create = (orgId: string, token: string, body: Record<string, unknown>) => call(t, 'POST', `/api/v1/orgs/${orgId}/members`, { token, body });
  const fresh = () => `made-${newId().slice(-8)}@people.test`;

  it('creates an active member without a password; the mailed link sets one and the person signs in', async () => {
    const m = await posTeam(t);
    const email = fresh();
    const res = await create(m.orgId, m.people.owner!.token, { email: ` ${email} `, firstName: 'Nia', lastName: 'Made', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ email, firstName: 'Nia', lastName: 'Made', status: 'active', audience: 'staff', profileId: null, customerIds: [], roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    // No password yet: signing in fails like any wrong password.
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email, password: CHOSEN } })).status).toBe(401);

    await flushMail(t);
    const [mail] = received(smtp, email);
    expect(mail?.subject).toMatch(/^Your Shop \S+ account on Rolecall is ready$/);
    expect(mail?.text).toContain('owner Tester created an account for you at Shop');
    const token = linkToken(smtp, email, '/reset-password');
    expect(token).toBeDefined();
    const set = await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password: CHOSEN } });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const signedIn = await tokenFor(t, email, CHOSEN);
    const me = await call(t, 'GET', '/api/v1/me', { token: signedIn });
    expect(me.body.memberships.map((x: { org: { id: string } }) => x.org.id)).toEqual([m.orgId]);
    // The link works once.
    expect((await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password: `${CHOSEN} again` } })).status).toBe(400);

    const history = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?action=member.created`, { token: m.people.owner!.token });
    expect(history.body.items).toHaveLength(1);
    expect(history.body.items[0].summary).toBe(`owner Tester created an account for Nia Made as Cashier in Store 1 and sent them a link to choose a password.`);
  });

  it('follows the invitation rules: delegation, audience, accounts; a refusal changes nothing and sends nothing', async () => {
    const m = await posTeam(t);
    const other = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    const email = fresh();
    const cases: [string, string, Record<string, unknown>, number, string][] = [
      [m.people.manager1!.token, m.orgId, { email, firstName: 'A', lastName: 'B', roles: [{ role: 'org_admin' }] }, 403, 'role_not_assignable'],
      [m.people.manager1!.token, m.orgId, { email, firstName: 'A', lastName: 'B', roles: [{ role: 'cashier', storeIds: [m.stores[1]] }] }, 403, 'store_not_assignable'],
      [m.people.cashier1!.token, m.orgId, { email, firstName: 'A', lastName: 'B', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] }, 403, 'forbidden'],
      [m.people.owner!.token, m.orgId, { email, firstName: 'A', lastName: 'B' }, 400, 'invalid_audience'],
      [m.people.owner!.token, m.orgId, { email, firstName: 'A', lastName: 'B', roles: [{ role: 'org_manager' }], customerIds: ['x'] }, 400, 'invalid_audience'],
      [m.people.owner!.token, m.orgId, { email, firstName: '', lastName: 'B', roles: [{ role: 'org_manager' }] }, 400, 'validation_failed'],
      [m.people.owner!.token, m.orgId, { email: 'not-an-email', firstName: 'A', lastName: 'B', roles: [{ role: 'org_manager' }] }, 400, 'validation_failed'],
      [m.people.owner!.token, m.orgId, { email, firstName: 'A', lastName: 'B', roles: [{ role: 'org_manager' }], password: 'chosen by the admin' }, 400, 'validation_failed'],
      [m.people.owner!.token, other.orgId, { email, firstName: 'A', lastName: 'B', roles: [{ role: 'org_manager' }] }, 404, 'not_found'],
    ];
    for (const [token, orgId, body, status, code] of cases) {
      const before = await snapshot(t, orgId);
      const res = await create(orgId, token, body);
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([status, code]);
      expect(await snapshot(t, orgId)).toEqual(before);
    }
    await flushMail(t);
    expect(received(smtp, email)).toHaveLength(0);
  });

  it('an email that already has an account is not created again: members are told to edit, others to invite', async () => {
    const m = await posTeam(t);
    const elsewhere = await createUser(t.deps.db, t.deps, t.deps.clock(), { email: fresh(), password: PASSWORD, firstName: 'Else', lastName: 'Where' });
    const other = await createMerchant(t, { storeCount: 1, team: { boss: () => [{ role: 'org_admin' }] } });
    await addMembership(t.deps.db, fixture, t.deps.clock(), other.orgId, elsewhere, [{ role: 'org_manager' }]);
    const before = await snapshot(t, m.orgId);
    const taken = await create(m.orgId, m.people.owner!.token, { email: elsewhere.email, firstName: 'X', lastName: 'Y', roles: [{ role: 'org_manager' }] });
    expect([taken.status, taken.body.code]).toEqual([409, 'already_exists']);
    expect(taken.body.detail).toMatch(/invite the person instead/);
    expect(taken.body.detail).not.toContain(other.orgId);
    const member = await create(m.orgId, m.people.owner!.token, { email: m.people.cashier1!.email, firstName: 'X', lastName: 'Y', roles: [{ role: 'org_manager' }] });
    expect([member.status, member.body.code]).toEqual([409, 'already_member']);
    expect(await snapshot(t, m.orgId)).toEqual(before);
  });

  it('partner and customer users: a partner admin creates an account executive on accounts they hold; staff create a customer user', async () => {
    const m = await createMerchant(t, { preset: 'commerce', storeCount: 0, team: { owner: () => [{ role: 'global_admin' }] } });
    const owner = m.people.owner!.token;
    const account = async (name: string) => (await call(t, 'POST', `/api/v1/orgs/${m.orgId}/customers`, { token: owner, body: { name } })).body.id as string;
    const [acme, globex] = [await account('Acme'), await account('Globex')];
    const partnerProfile = await profileWith(t, m.orgId, 'view', 'partner');
    const customerProfile = await profileWith(t, m.orgId, 'view', 'customer');

    const adminEmail = fresh();
    const admin = await create(m.orgId, owner, { email: adminEmail, firstName: 'Pat', lastName: 'Partner', audience: 'partner', roles: [{ role: 'partner_admin' }], profileId: partnerProfile, customerIds: [acme] });
    expect(admin.status, JSON.stringify(admin.body)).toBe(201);
    await flushMail(t);
    await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token: linkToken(smtp, adminEmail, '/reset-password'), password: CHOSEN } });
    const partnerToken = await tokenFor(t, adminEmail, CHOSEN);

    const exec = { firstName: 'Eve', lastName: 'Exec', audience: 'partner', roles: [{ role: 'partner_account_executive' }], profileId: partnerProfile };
    expect((await create(m.orgId, partnerToken, { ...exec, email: fresh(), customerIds: [globex] })).body.code).toBe('unknown_customer_account');
    expect((await create(m.orgId, partnerToken, { email: fresh(), firstName: 'S', lastName: 'T', roles: [{ role: 'system_admin' }] })).body.code).toBe('audience_not_assignable');
    const made = await create(m.orgId, partnerToken, { ...exec, email: fresh(), customerIds: [acme] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    expect(made.body).toMatchObject({ audience: 'partner', profileId: partnerProfile, customerIds: [acme] });

    const customer = await create(m.orgId, owner, { email: fresh(), firstName: 'Cy', lastName: 'Buyer', audience: 'customer', profileId: customerProfile, customerIds: [globex] });
    expect(customer.status, JSON.stringify(customer.body)).toBe(201);
    expect(customer.body).toMatchObject({ audience: 'customer', roles: [], customerIds: [globex] });
    const history = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?action=member.created`, { token: owner });
    const words = history.body.items.map((i: { summary: string }) => i.summary);
    expect(words, words.join('\n')).toContain('owner Tester created an account for Cy Buyer as a customer user of Globex and sent them a link to choose a password.');
  });
});
