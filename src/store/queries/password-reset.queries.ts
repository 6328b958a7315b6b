import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { PasswordResetTable } from '../schema/password-reset.table.js';

export type PasswordResetRow = Selectable<PasswordResetTable>;

/** Inserts a reset and supersedes every earlier open one of the same user (a resend replaces the old link). */
export async function insertPasswordReset(ex: Executor, row: PasswordResetRow): Promise<void> {
  await ex
    .updateTable('password_resets')
    .set({ superseded_at: row.created_at })
    .where('user_id', '=', row.user_id)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  await ex.insertInto('password_resets').values(row).execute();
}

/**
 * Consumes a reset token: marks it used in one guarded UPDATE, so two requests with the same
 * token cannot both succeed (single use). Returns the user id, or undefined when the token is
 * unknown, used, superseded or expired.
 */
export async function consumePasswordReset(ex: Executor, tokenHash: string, now: string): Promise<string | undefined> {
  const row = await ex
    .updateTable('password_resets')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('user_id')
    .executeTakeFirst();
  return row?.user_id;
}

/** The person a reset token was issued to (used or not): the context a new password is checked against. */
export function findPasswordResetUser(ex: Executor, tokenHash: string): Promise<{ id: string; email: string; first_name: string; last_name: string } | undefined> {
  return ex
    .selectFrom('password_resets as r')
    .innerJoin('users as u', 'u.id', 'r.user_id')
    .select(['u.id', 'u.email', 'u.first_name', 'u.last_name'])
    .where('r.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
