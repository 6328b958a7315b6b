import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { addOutsider, commerceOrg, newCustomer, newProfile } from '../core/commerce-fixtures.js';

/**
 * `GET /orgs/{orgId}/my-access` for seed 002's audiences: a customer user's home names their
 * customer account and what their profile lets them do, in plain words; staff see no profile.
 */
describe.each(dialects())('my access of partner and customer users (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('a customer user sees their account, their profile in plain words, and the org preset', async () => {
    const org = await commerceOrg(t);
    const acme = await newCustomer(t, org, 'Acme Farms', 'C-1001');
    await newCustomer(t, org, 'Birch Dental');
    const profile = await newProfile(t, org, 'Customer self-service', 'customer', { my_account: 'view', pay_invoices: 'edit' });
    const carla = await addOutsider(t, org.orgId, 'Carla', { audience: 'customer', profileId: profile, customerIds: [acme] });
    const res = await call(t, 'GET', `/api/v1/orgs/${org.orgId}/my-access`, { token: carla.token });
    expect(res.status).toBe(200);
    expect(res.body.org.preset).toBe('commerce');
    expect(res.body.audience).toBe('customer');
    expect(res.body.customers).toEqual([{ id: acme, name: 'Acme Farms', number: 'C-1001' }]);
    expect(res.body.profile.id).toBe(profile);
    expect(res.body.profile.name).toBe('Customer self-service');
    expect(res.body.profile.canDo.join(' ')).toMatch(/Pay invoices/i);
    for (const line of res.body.profile.canDo) {
      expect(line).not.toMatch(/\b[a-z_]+:[a-z_]+\b/);
      expect(line).toMatch(/\.$/);
    }
    expect(res.body.roles).toEqual([]);
  });

  it('staff have no profile and no customer accounts of their own', async () => {
    const org = await commerceOrg(t);
    const res = await call(t, 'GET', `/api/v1/orgs/${org.orgId}/my-access`, { token: org.people.globalAdmin!.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ audience: 'staff', profile: null, customers: [] });
  });
});
