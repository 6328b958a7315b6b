import type { Executor } from '../store/database.js';
import { clearPickedOrg, endSessionsInOrg, type OrgSessionTarget, revokeSessionsOnlyHere } from '../store/queries/session-org-end.queries.js';

/**
 * What an org does when it ends sessions (an admin ending one or a member's, "sign everyone
 * out", suspending or removing a member). A session belongs to the person, who may work for
 * other orgs too, so an org's action ends the session's access to that org only (SECURITY.md,
 * "one person, many orgs"); the person's other orgs and own account pages keep working. The
 * end is per session and org, so reactivating the member or inviting them back never revives a
 * session ended before; a new sign-in is needed. A person with no other org (and not platform
 * staff) is signed out outright, since the session reaches nothing else. Ends that are the
 * person's own, a password change or reset, deactivation and platform support end everything
 * (`revokeUserSessions`). Call inside the change's transaction. Returns how many sessions ended.
 */
export async function endSessionsForOrg(trx: Executor, orgId: string, now: Date, reason: string, target: OrgSessionTarget, exceptId?: string): Promise<number> {
  const at = now.toISOString();
  const ended = await endSessionsInOrg(trx, orgId, at, reason, target, exceptId);
  await revokeSessionsOnlyHere(trx, orgId, at, reason, target, exceptId);
  await clearPickedOrg(trx, orgId);
  return ended;
}
