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

/** Issues the token and queues the mail in the caller's transaction (sent iff it commits). */
export async function startPasswordSetup(
  ex: Executor,
  deps: Pick<Deps, 'config'>,
  now: Date,
  m: { user: UserRow; org: { id: string; name: string; ttlDays: number }; adder: { id: string; name: string } },
): Promise<void> {
  const token = newToken();
  await insertPasswordReset(ex, {
    id: newId(),
    token_hash: hashToken(token),
    user_id: m.user.id,
    requested_by: m.adder.id,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + m.org.ttlDays * DAY_MS).toISOString(),
    used_at: null,
    superseded_at: null,
  });
  const mail = setPasswordMail({ publicUrl: deps.config.publicUrl, token, orgName: m.org.name, adderName: m.adder.name, firstName: m.user.first_name, days: m.org.ttlDays });
  await enqueueMail(ex, now, { to: m.user.email, template: 'set_password', orgId: m.org.id, ...mail });
}
