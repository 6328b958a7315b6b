import type { Deps } from '../../container.js';
import type { OrgContext, RoleAssignment } from '../../domain/types.js';
import { enqueueMail } from '../../mail/outbox.js';
import { renderInvitation } from '../../mail/templates/invitation.js';
import type { Executor } from '../../store/database.js';
import { findUserById } from '../../store/queries/user.queries.js';
import { displayName } from './invitation-view.js';

/** The accept link. Built from the configured public URL only (Zitadel CVE-2023-49097); the token
 * travels in the fragment so it never reaches server logs or a Referer header. */
export function acceptLink(deps: Pick<Deps, 'config'>, token: string): string {
  return `${deps.config.publicUrl}/accept-invite#token=${token}`;
}

/** Queues the invitation email in the caller's transaction: it is sent iff the change commits. */
export async function queueInvitationMail(
  ex: Executor,
  deps: Pick<Deps, 'config'>,
  now: Date,
  m: { org: { id: string; name: string; ctx: OrgContext }; inviterId: string; email: string; roles: readonly RoleAssignment[]; token: string; expiresAt: string },
): Promise<void> {
  const inviter = await findUserById(ex, m.inviterId);
  const rendered = renderInvitation({
    orgName: m.org.name,
    inviterName: inviter ? displayName(inviter) : 'Your team',
    // A customer user holds no role: they join as a customer of the business.
    roleNames: m.roles.length ? m.roles.map((r) => m.org.ctx.roles.get(r.role)?.name ?? r.role) : ['a customer'],
    link: acceptLink(deps, m.token),
    expiresAt: m.expiresAt,
  });
  await enqueueMail(ex, now, { to: m.email, template: 'invitation', orgId: m.org.id, ...rendered });
}
