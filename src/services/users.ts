import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { validateAssignments } from '../domain/invariants.js';
import { checkPassword } from '../domain/password-policy.js';
import type { PlatformRole, RoleAssignment } from '../domain/types.js';
import { newId } from '../lib/ids.js';
import type { Executor } from '../store/database.js';
import { findMembership, insertMembership, memberSearchKey, replaceAssignments, replaceMemberAudienceGrant } from '../store/queries/member.queries.js';
import { bumpOrgVersion, updateOrg } from '../store/queries/org.queries.js';
import { findUserByEmailKey, insertUser, type UserRow } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { mapUniqueViolation } from '../store/unique.js';
import { loadOrg } from './access.js';
import { type CheckedGrant, grantForAudit } from './audience-grant.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';

export interface NewUser {
  email: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
  password?: string | undefined;
  platformRole?: PlatformRole | undefined;
}

/**
 * The answer when the email is taken. A creation that raced another one past the check fails on
 * the unique index instead: the caller maps that to this too, outside its transaction
 * (`mapUniqueViolation`, store/unique.ts).
 */
export const userExists = () => new AppError('already_exists', 'A user with this email already exists; sign in with it, or use another email.');

/** Creates a user (one global identity per normalized email) and returns the row. */
export async function createUser(ex: Executor, deps: Pick<Deps, 'passwords'>, now: Date, input: NewUser): Promise<UserRow> {
  const email = normalizeEmail(input.email);
  if (!email.ok) throw new AppError('validation_failed', email.reason, { field: 'email' });
  if (input.password !== undefined) {
    const shape = checkPassword(input.password, [email.key.split('@')[0] ?? '', input.firstName ?? '', input.lastName ?? '']);
    if (!shape.ok) throw new AppError('weak_password', shape.reason, { field: 'password' });
  }
  if (await findUserByEmailKey(ex, email.key)) throw userExists();
  const iso = now.toISOString();
  const row: UserRow = {
    id: newId(),
    email: email.email,
    email_key: email.key,
    first_name: input.firstName ?? '',
    last_name: input.lastName ?? '',
    phone: null,
    password_hash: input.password === undefined ? null : await deps.passwords.hash(input.password),
    status: 'active',
    platform_role: input.platformRole ?? null,
    failed_sign_ins: 0,
    locked_until: null,
    last_sign_in_at: null,
    password_changed_at: input.password === undefined ? null : iso,
    created_at: iso,
    updated_at: iso,
  };
  await insertUser(ex, row);
  return row;
}

/**
 * A platform staff account made outside any org (the CLI's `create-admin`), audited, in its own
 * transaction: an email taken before or during the creation answers 409 `already_exists`.
 */
export async function createPlatformUser(
  deps: Pick<Deps, 'db' | 'passwords'>,
  now: Date,
  input: NewUser & { platformRole: PlatformRole },
  via = 'cli',
): Promise<UserRow> {
  return mapUniqueViolation(
    () =>
      inTransaction(deps.db, async (trx) => {
        const u = await createUser(trx, deps, now, input);
        await audit(trx, { principal: null, ip: undefined, requestId: via }, now, {
          orgId: null,
          action: 'platform.admin_created',
          targetType: 'user',
          targetId: u.id,
          after: { email: u.email, role: input.platformRole, via },
        });
        return u;
      }),
    userExists,
  );
}

/** A partner or customer user's audience, profile and customer accounts (audience-grant.ts checked them). */
export type MembershipGrant = Pick<CheckedGrant, 'audience' | 'profile' | 'customerIds' | 'customers'>;

/**
 * Adds an existing user to an org with validated assignments, in the caller's transaction.
 * The first member to hold the top admin role of an org without an owner becomes its account
 * owner (platform staff create the org, then bring in its owner).
 */
export async function addMembership(
  ex: Executor,
  ctx: RequestContext,
  now: Date,
  orgId: string,
  user: UserRow,
  roles: RoleAssignment[],
  grant?: MembershipGrant,
  /** A direct creation records `member.created` with the support reason, if any. */
  as: { action: 'member.added' | 'member.created'; reason?: string | undefined } = { action: 'member.added' },
): Promise<void> {
  const org = await loadOrg(ex, orgId);
  if (!org) throw new AppError('not_found', 'No such organization.');
  if (await findMembership(ex, orgId, user.id)) throw new AppError('already_member');
  // A customer user holds no role (their profile says what they may do).
  const v = grant?.audience === 'customer' && roles.length === 0 ? { ok: true as const, assignments: [] } : validateAssignments(org.ctx, roles);
  if (!v.ok) throw new AppError(v.code, v.detail);
  const iso = now.toISOString();
  await insertMembership(ex, {
    org_id: orgId,
    user_id: user.id,
    status: 'active',
    created_at: iso,
    updated_at: iso,
    search_key: memberSearchKey(user),
    ...(grant ? { audience: grant.audience, profile_id: grant.profile?.id ?? null } : {}),
  });
  await replaceAssignments(ex, orgId, user.id, v.assignments);
  if (grant && grant.customerIds.length > 0) await replaceMemberAudienceGrant(ex, orgId, user.id, { profileId: grant.profile?.id ?? null, customerIds: grant.customerIds });
  // Not every caller holds `lockOrg` (the demo seeder); the cached subjects must go stale anyway.
  await bumpOrgVersion(ex, orgId);
  const becomesOwner = org.row.owner_id === null && v.assignments.some((a) => org.ctx.roles.get(a.role)?.topAdmin);
  if (becomesOwner) await updateOrg(ex, orgId, { owner_id: user.id, updated_at: iso });
  await audit(ex, ctx, now, {
    orgId,
    action: as.action,
    targetType: 'user',
    targetId: user.id,
    after: { email: user.email, roles: v.assignments, ...(grant ? grantForAudit(grant) : {}), ...(becomesOwner ? { isOwner: true } : {}) },
    reason: as.reason,
  });
}
