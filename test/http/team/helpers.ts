/** Shared steps of the team suites. */
import type { RoleAssignment } from '../../../src/domain/types.js';
import { newId } from '../../../src/lib/ids.js';
import type { RequestContext } from '../../../src/services/context.js';
import { addMembership, createUser } from '../../../src/services/users.js';
import type { TestApp } from '../../fixtures/test-app.js';

const fixture: RequestContext = { principal: null, ip: undefined, requestId: 'fixture' };

/** A member added straight through the service (no sign-in): a target for edit/remove cases. */
export async function addTarget(t: TestApp, orgId: string, roles: RoleAssignment[], label = 'target'): Promise<string> {
  const now = t.deps.clock();
  const user = await createUser(t.deps.db, t.deps, now, { email: `${label}-${newId().slice(-8)}@team.test`, firstName: label, lastName: 'Target' });
  await addMembership(t.deps.db, fixture, now, orgId, user, roles);
  return user.id;
}

/** State that a refused request must leave exactly as it was. */
export async function teamState(t: TestApp, orgId: string) {
  const db = t.deps.db;
  return {
    memberships: await db.selectFrom('memberships').select(['user_id', 'status', 'search_key']).where('org_id', '=', orgId).orderBy('user_id').execute(),
    assignments: await db.selectFrom('role_assignments').selectAll().where('org_id', '=', orgId).orderBy('user_id').orderBy('role_key').orderBy('store_id').execute(),
    overrides: await db.selectFrom('overrides').selectAll().where('org_id', '=', orgId).orderBy('user_id').orderBy('permission').orderBy('store_id').execute(),
    owner: (await db.selectFrom('orgs').select('owner_id').where('id', '=', orgId).executeTakeFirstOrThrow()).owner_id,
    invitations: await db.selectFrom('invitations').select(['id', 'status']).where('org_id', '=', orgId).orderBy('id').execute(),
    audit: (await db.selectFrom('audit_events').select('id').where('org_id', '=', orgId).where('action', '!=', 'authz.refused').execute()).length,
  };
}
