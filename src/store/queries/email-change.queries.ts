import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { EmailChangeTable } from '../schema/email-change.table.js';

export type EmailChangeRow = Selectable<EmailChangeTable>;

/** Inserts a pending change and supersedes every earlier open one of the same person (the newest request wins). */
export async function insertEmailChange(ex: Executor, row: EmailChangeRow): Promise<void> {
  await ex
    .updateTable('email_changes')
    .set({ superseded_at: row.created_at })
    .where('user_id', '=', row.user_id)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  await ex.insertInto('email_changes').values(row).execute();
}

/**
 * Consumes a confirmation token in one guarded UPDATE, so two requests with the same token
 * cannot both apply it (single use). Returns the change, or undefined when the token is
 * unknown, used, superseded or expired.
 */
export function consumeEmailChange(ex: Executor, tokenHash: string, now: string): Promise<EmailChangeRow | undefined> {
  return ex
    .updateTable('email_changes')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Ends the reset links still open for a person whose sign-in email just changed: they were sent
 * to the old address, which must not be able to take the account back by resetting its password.
 */
export async function supersedeOpenPasswordResets(ex: Executor, userId: string, now: string): Promise<void> {
  await ex.updateTable('password_resets').set({ superseded_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).where('superseded_at', 'is', null).execute();
}
