/**
 * SCIM Users of one org (RFC 7644 §3): each is a member of the org. Every change goes through
 * the same services as the console's (members-change.ts, users.ts), so delegation, the last
 * top admin and the account owner are protected the same way, and the audit names the token.
 * Deleting a user ends the membership only: the person's account and the history stay.
 */
import type { Deps } from '../../container.js';
import { canInvite } from '../../domain/delegation.js';
import { normalizeEmail } from '../../domain/email.js';
import { parseScimFilter, readUserPatch, readUserResource, type ScimUserChange } from '../../domain/scim.js';
import { findMembership } from '../../store/queries/member.queries.js';
import { inOrgTransaction } from '../../store/queries/org.queries.js';
import { findScimUser, listScimUsers, removeFromAllScimGroups, scimGroupsOfUser, setScimExternalId } from '../../store/queries/scim.queries.js';
import { findUserByEmailKey } from '../../store/queries/user.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { mapUniqueViolation } from '../../store/unique.js';
import { openOrg } from '../access.js';
import { enforce } from '../decision-error.js';
import { removeMember, setMemberSuspended, updateMember } from '../members-change.js';
import { addMembership, createUser as createAccount } from '../users.js';
import { defaultAssignment, noDefaultRole } from './group-roles-sync.js';
import { listResponse, paging, userResource } from './resources.js';
import { ScimError, scimNotFound, scimRefused } from './scim-error.js';
import type { ScimCaller } from './tokens.js';

async function resourceOf(deps: Deps, c: ScimCaller, base: string, userId: string) {
  const row = await findScimUser(deps.db, c.orgId, userId);
  if (!row) throw scimNotFound('User', userId);
  return userResource(base, row, await scimGroupsOfUser(deps.db, c.orgId, userId));
}

export function getScimUser(deps: Deps, c: ScimCaller, base: string, userId: string) {
  return resourceOf(deps, c, base, userId);
}

/** GET /Users with `filter` (userName, emails.value, externalId, id `eq`), `startIndex`, `count`. */
export async function listScimUsersPage(deps: Deps, c: ScimCaller, base: string, q: { filter?: string | undefined; startIndex?: number | undefined; count?: number | undefined }) {
  const f = parseScimFilter(q.filter);
  if (!f.ok) throw scimRefused(f);
  const page = paging(q);
  const filter = f.value;
  if (filter && filter.attribute !== 'userName' && filter.attribute !== 'email' && filter.attribute !== 'externalId' && filter.attribute !== 'id') {
    throw new ScimError(400, `Users cannot be filtered by ${filter.attribute}.`, 'invalidFilter');
  }
  if (filter?.attribute === 'id') {
    const row = await findScimUser(deps.db, c.orgId, filter.value);
    const items = row && page.limit > 0 && page.offset === 0 ? [userResource(base, row, await scimGroupsOfUser(deps.db, c.orgId, row.id))] : [];
    return listResponse(items, row ? 1 : 0, page.startIndex);
  }
  let emailKey: string | undefined;
  if (filter?.attribute === 'userName' || filter?.attribute === 'email') {
    const e = normalizeEmail(filter.value);
    // No such email can exist: an empty list, as for one that is not a member.
    if (!e.ok) return listResponse([], 0, page.startIndex);
    emailKey = e.key;
  }
  const externalId = filter?.attribute === 'externalId' ? filter.value : undefined;
  const { total, rows } = await listScimUsers(deps.db, c.orgId, { emailKey, externalId, offset: page.offset, limit: page.limit });
  const items = [];
  for (const r of rows) items.push(userResource(base, r, await scimGroupsOfUser(deps.db, c.orgId, r.id)));
  return listResponse(items, total, page.startIndex);
}

/**
 * POST /Users: the person becomes a member with the org's default role for provisioned people
 * (their groups then give them theirs). A new
 * email becomes an account without a password: the person signs in through the identity
 * provider. An existing account joins as it is (its name is the person's own to change).
 */
export async function createScimUser(deps: Deps, c: ScimCaller, base: string, body: unknown) {
  const read = readUserResource(body);
  if (!read.ok) throw scimRefused(read);
  const email = normalizeEmail(read.value.userName);
  if (!email.ok) throw new ScimError(400, email.reason, 'invalidValue');
  const now = deps.clock();
  const clash = () => new ScimError(409, `${email.email} is already a member of this business.`, 'uniqueness');
  const userId = await mapUniqueViolation(
    () =>
      inOrgTransaction(deps.db, c.orgId, async (trx) => {
        const org = await openOrg(trx, c.ctx.principal, c.orgId);
        const role = await defaultAssignment(trx, c.orgId);
        if (!role) throw noDefaultRole();
        enforce(canInvite(org.ctx, org.actor, [role]));
        let user = await findUserByEmailKey(trx, email.key);
        if (user && (await findMembership(trx, c.orgId, user.id))) throw clash();
        user ??= await createAccount(trx, deps, now, { email: email.email, firstName: read.value.givenName ?? '', lastName: read.value.familyName ?? '' });
        await addMembership(trx, c.ctx, now, c.orgId, user, [role]);
        if (read.value.externalId) await setScimExternalId(trx, c.orgId, user.id, read.value.externalId);
        return user.id;
      }),
    clash,
  );
  if (read.value.active === false) await setMemberSuspended(deps, c.ctx, c.orgId, userId, true, {});
  return resourceOf(deps, c, base, userId);
}

/** Applies a change from PUT or PATCH through the member services, one rule set for all. */
async function applyChange(deps: Deps, c: ScimCaller, userId: string, change: ScimUserChange): Promise<void> {
  const current = await findScimUser(deps.db, c.orgId, userId);
  if (!current) throw scimNotFound('User', userId);
  if (change.userName !== undefined) {
    const e = normalizeEmail(change.userName);
    if (!e.ok || e.key !== current.email_key) {
      throw new ScimError(400, 'The email (userName) of a member cannot be changed here; the person changes it on their own account.', 'mutability');
    }
  }
  const firstName = change.givenName ?? current.first_name;
  const lastName = change.familyName ?? current.last_name;
  if (firstName !== current.first_name || lastName !== current.last_name) await updateMember(deps, c.ctx, c.orgId, userId, { firstName, lastName });
  const active = current.membership_status === 'active';
  if (change.active !== undefined && change.active !== active) await setMemberSuspended(deps, c.ctx, c.orgId, userId, !change.active, {});
  if (change.externalId !== undefined && change.externalId !== current.external_id) {
    await inTransaction(deps.db, (trx) => setScimExternalId(trx, c.orgId, userId, change.externalId ?? null));
  }
}

/** PUT /Users/{id}: the resource as the identity provider holds it. */
export async function replaceScimUser(deps: Deps, c: ScimCaller, base: string, userId: string, body: unknown) {
  const read = readUserResource(body);
  if (!read.ok) throw scimRefused(read);
  await applyChange(deps, c, userId, read.value);
  return resourceOf(deps, c, base, userId);
}

/** PATCH /Users/{id}: Okta's `{"op":"replace","value":{"active":false}}`, Entra's `{"op":"Replace","path":"active","value":"False"}`. */
export async function patchScimUser(deps: Deps, c: ScimCaller, base: string, userId: string, body: unknown) {
  const read = readUserPatch(body);
  if (!read.ok) throw scimRefused(read);
  await applyChange(deps, c, userId, read.value);
  return resourceOf(deps, c, base, userId);
}

/** DELETE /Users/{id}: the membership ends (sessions here end with it); account and history stay. */
export async function deleteScimUser(deps: Deps, c: ScimCaller, userId: string): Promise<void> {
  if (!(await findScimUser(deps.db, c.orgId, userId))) throw scimNotFound('User', userId);
  await removeMember(deps, c.ctx, c.orgId, userId, {});
  await inTransaction(deps.db, (trx) => removeFromAllScimGroups(trx, c.orgId, userId));
}
