/**
 * Seed 002 test orgs: a `commerce` org whose partner and customer users are written through the
 * store functions (audience, profile and customer accounts), independent of the invitation flow.
 */
import type { Audience, RoleAssignment } from '../../../src/domain/types.js';
import { newId } from '../../../src/lib/ids.js';
import { createUser } from '../../../src/services/users.js';
import { addMemberCustomers } from '../../../src/store/queries/customer.queries.js';
import { insertMembership, memberSearchKey, replaceAssignments } from '../../../src/store/queries/member.queries.js';
import { inOrgTransaction } from '../../../src/store/queries/org.queries.js';
import { createMerchant, type Merchant, PASSWORD, type Person, tokenFor } from '../../fixtures/merchant.js';
import { call, type TestApp } from '../../fixtures/test-app.js';

/** A commerce org with a global admin (the owner) and a system admin, no stores. */
export function commerceOrg(t: TestApp): Promise<Merchant> {
  return createMerchant(t, { preset: 'commerce', storeCount: 0, team: { globalAdmin: () => [{ role: 'global_admin' }], systemAdmin: () => [{ role: 'system_admin' }] } });
}

/** A partner or customer user of `orgId`, signed in. */
export async function addOutsider(
  t: TestApp,
  orgId: string,
  name: string,
  grant: { audience: Exclude<Audience, 'staff'>; roles?: RoleAssignment[]; profileId: string | null; customerIds: string[] },
): Promise<Person> {
  const now = t.deps.clock();
  const iso = now.toISOString();
  const email = `${name}-${newId().slice(-6).toLowerCase()}@commerce.test`;
  const user = await createUser(t.deps.db, t.deps, now, { email, password: PASSWORD, firstName: name, lastName: 'Tester' });
  await inOrgTransaction(t.deps.db, orgId, async (trx) => {
    await insertMembership(trx, { org_id: orgId, user_id: user.id, status: 'active', created_at: iso, updated_at: iso, search_key: memberSearchKey(user), audience: grant.audience, profile_id: grant.profileId });
    await replaceAssignments(trx, orgId, user.id, grant.roles ?? []);
    await addMemberCustomers(trx, orgId, user.id, grant.customerIds);
  });
  return { userId: user.id, email, token: await tokenFor(t, email) };
}

/** A customer account made through the API; its id. */
export async function newCustomer(t: TestApp, org: Merchant, name: string, number?: string): Promise<string> {
  const res = await call(t, 'POST', `/api/v1/orgs/${org.orgId}/customers`, { token: org.people.globalAdmin!.token, body: { name, ...(number ? { number } : {}) } });
  if (res.status !== 201) throw new Error(`customer: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}

/** A profile made through the API; its id. */
export async function newProfile(t: TestApp, org: Merchant, name: string, audience: 'partner' | 'customer', levels: Record<string, string>): Promise<string> {
  const res = await call(t, 'POST', `/api/v1/orgs/${org.orgId}/profiles`, { token: org.people.globalAdmin!.token, body: { name, audience, levels } });
  if (res.status !== 201) throw new Error(`profile: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.id;
}
