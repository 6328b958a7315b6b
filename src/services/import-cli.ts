/**
 * Who a command-line import acts as. The command runs with the database's own credentials, but
 * the import still obeys the delegation rules of a person: the one named with `--as`, else the
 * org's account owner. Their invitations name them as the inviter; the audit log records them.
 */
import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { normalizeEmail } from '../domain/email.js';
import { findOrg } from '../store/queries/org.queries.js';
import { findUserByEmailKey, findUserById } from '../store/queries/user.queries.js';
import type { RequestContext } from './context.js';

export async function commandLineImporter(deps: Deps, orgId: string, asEmail: string | undefined): Promise<{ ctx: RequestContext; email: string }> {
  const org = await findOrg(deps.db, orgId);
  if (!org) throw new AppError('not_found', `No organization has the id ${orgId}; check --org.`);
  let userId = org.owner_id;
  if (asEmail !== undefined) {
    const e = normalizeEmail(asEmail);
    const user = e.ok ? await findUserByEmailKey(deps.db, e.key) : undefined;
    if (!user) throw new AppError('not_found', `No account has the email ${asEmail}; check --as.`);
    userId = user.id;
  }
  if (!userId) throw new AppError('not_found', 'This organization has no account owner; name the member to import as with --as EMAIL.');
  const user = await findUserById(deps.db, userId);
  if (!user) throw new AppError('not_found', 'The member to import as no longer exists; name another with --as EMAIL.');
  // No session: nothing of this org's ended sessions applies (`endedOrgIds` empty).
  return {
    ctx: { principal: { userId: user.id, sessionId: 'command-line', platformRole: user.platform_role, endedOrgIds: new Set() }, ip: undefined, requestId: 'command-line' },
    email: user.email,
  };
}
