/**
 * "Choose your password" for a person an admin created directly: a one-time token from the
 * password-reset machinery (hashed, single use, superseded by a later one), living as long as
 * an invitation would, since the person may not read the mail at once.
 */
import type { Deps } from '../container.js';
import { newId } from '../lib/ids.js';
import { hashToken, newToken } from '../lib/tokens.js';
import { enqueueMail } from '../mail/outbox.js';
import { setPasswordMail } from '../mail/templates/set-password.js';
import type { Executor } from '../store/database.js';
import { insertPasswordReset } from '../store/queries/password-reset.queries.js';
import type { UserRow } from '../store/queries/user.queries.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A new set-your-password token and its row (stored hashed), valid for `ttlDays`. */
export function setPasswordLink(userId: string, requestedBy: string, ttlDays: number, now: Date) {
  const token = newToken();
  const row = {
    id: newId(),
    token_hash: hashToken(token),
    user_id: userId,
    requested_by: requestedBy,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + ttlDays * DAY_MS).toISOString(),
    used_at: null,
    superseded_at: null,
  };
  return { token, row };
}

/** Issues the token and queues the mail in the caller's transaction (sent iff it commits). */
export async function startPasswordSetup(
  ex: Executor,
  deps: Pick<Deps, 'config'>,
  now: Date,
  m: { user: UserRow; org: { id: string; name: string; ttlDays: number }; adder: { id: string; name: string } },
): Promise<void> {
  const { token, row } = setPasswordLink(m.user.id, m.adder.id, m.org.ttlDays, now);
  await insertPasswordReset(ex, row);
  const mail = setPasswordMail({ publicUrl: deps.config.publicUrl, token, orgName: m.org.name, adderName: m.adder.name, firstName: m.user.first_name, days: m.org.ttlDays });
  await enqueueMail(ex, now, { to: m.user.email, template: 'set_password', orgId: m.org.id, ...mail });
}
