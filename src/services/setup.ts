import { timingSafeEqual } from 'node:crypto';
import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { findAnySupportAdmin } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { mapUniqueViolation } from '../store/unique.js';
import { audit } from './audit.js';
import { createUser, userExists } from './users.js';

/**
 * First start: no default accounts or passwords. The server prints a one-time setup link; the
 * person holding it creates the first platform admin, after which the link is dead.
 */
export async function createFirstAdmin(
  deps: Deps,
  setupToken: string | undefined,
  input: { token: string; email: string; password: string; firstName: string; lastName: string },
): Promise<{ userId: string }> {
  const a = Buffer.from(input.token);
  const b = Buffer.from(setupToken ?? '');
  if (!setupToken || a.length !== b.length || !timingSafeEqual(a, b)) throw new AppError('not_found', 'This setup link is not valid or was already used.');
  const now = deps.clock();
  return mapUniqueViolation(() => inTransaction(deps.db, async (trx) => {
    const existing = await findAnySupportAdmin(trx);
    if (existing) throw new AppError('not_found', 'Setup is already complete; sign in instead.');
    const user = await createUser(trx, deps, now, { ...input, platformRole: 'support_admin' });
    await audit(trx, { principal: null, ip: undefined, requestId: undefined }, now, {
      orgId: null,
      action: 'platform.admin_created',
      targetType: 'user',
      targetId: user.id,
      after: { email: user.email, via: 'setup-link' },
    });
    return { userId: user.id };
  }), userExists);
}
