/**
 * POST /orgs/{orgId}/members: an admin creates a person's account directly, without an
 * invitation (an employee, a partner's account executive, a customer of one account). The same
 * checks as an invitation (delegation, audience, profile, customer accounts); the account has no
 * password until the person chooses one with the emailed link.
 */
import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { cleanText } from '../domain/names.js';
import type { RoleAssignment } from '../domain/types.js';
import { findMembership } from '../store/queries/member.queries.js';
import { inOrgTransaction } from '../store/queries/org.queries.js';
import { findUserByEmailKey, findUserById } from '../store/queries/user.queries.js';
import { mapUniqueViolation } from '../store/unique.js';
import { actorId, openOrg, requireSupportReason } from './access.js';
import { type AudienceInput, checkInviteGrant } from './audience-grant.js';
import type { RequestContext } from './context.js';
import { displayName } from './invitations/invitation-view.js';
import { type MemberView, readMember } from './members-read.js';
import { startPasswordSetup } from './password-setup.js';
import { addMembership, createUser } from './users.js';

export interface CreateMemberInput extends AudienceInput {
  email: string;
  firstName: string;
  lastName: string;
  roles?: RoleAssignment[] | undefined;
  reason?: string | undefined;
}

function requiredName(value: string, field: string): string {
  const v = cleanText(value);
  if (v === null || v === '') throw new AppError('validation_failed', `Enter the person's ${field}.`, { field });
  return v;
}

// Invitations tell an admin no more than "already a member"; an account that exists elsewhere
// is theirs to bring: it joins by accepting an invitation, never by being added.
const inviteInstead = () => new AppError('already_exists', 'This email already has a Rolecall account, so it cannot be created again; invite the person instead and they join by accepting.');

export async function createMember(deps: Deps, ctx: RequestContext, orgId: string, input: CreateMemberInput): Promise<MemberView> {
  const now = deps.clock();
  const email = normalizeEmail(input.email);
  if (!email.ok) throw new AppError('validation_failed', email.reason, { field: 'email' });
  const firstName = requiredName(input.firstName, 'first name');
  const lastName = requiredName(input.lastName, 'last name');
  // Two creations of one email racing in two orgs: the loser fails on the unique email index.
  return mapUniqueViolation(
    () =>
      inOrgTransaction(deps.db, orgId, async (trx) => {
        const org = await openOrg(trx, ctx.principal, orgId);
        requireSupportReason(org, input.reason);
        const grant = await checkInviteGrant(trx, { id: orgId, ctx: org.ctx }, org.actor, input);
        const existing = await findUserByEmailKey(trx, email.key);
        if (existing && (await findMembership(trx, orgId, existing.id))) {
          throw new AppError('already_member', 'This person is already a member of the organization; edit their roles instead.');
        }
        if (existing) throw inviteInstead();
        const user = await createUser(trx, deps, now, { email: email.email, firstName, lastName });
        await addMembership(trx, ctx, now, orgId, user, grant.assignments, grant, { action: 'member.created', reason: input.reason });
        const adder = await findUserById(trx, actorId(org.actor));
        await startPasswordSetup(trx, deps, now, {
          user,
          org: { id: orgId, name: org.row.name, ttlDays: org.row.invite_ttl_days },
          adder: { id: actorId(org.actor), name: adder ? displayName(adder) : 'An administrator' },
        });
        return readMember(trx, org, user.id);
      }),
    inviteInstead,
  );
}
