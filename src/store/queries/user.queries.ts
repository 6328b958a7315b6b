import type { Insertable, Selectable } from 'kysely';
import { userTag } from '../change-feed.js';
import type { Executor } from '../database.js';
import type { UserTable } from '../schema/user.table.js';
import { noteChanged } from '../transaction.js';

export type UserRow = Selectable<UserTable>;

export function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmailKey(ex: Executor, emailKey: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
}

/** A platform support admin, if any exists (first-start setup is open until one does). */
export function findAnySupportAdmin(ex: Executor): Promise<{ id: string } | undefined> {
  return ex.selectFrom('users').select('id').where('platform_role', '=', 'support_admin').limit(1).executeTakeFirst();
}

export async function insertUser(ex: Executor, row: Insertable<UserTable>): Promise<void> {
  await ex.insertInto('users').values(row).execute();
}

export async function updateUser(ex: Executor, id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await ex.updateTable('users').set(patch).where('id', '=', id).execute();
  await noteChanged(ex, userTag(id));
}

/** The emails of these users (audit export's actor column). */
export async function findUserEmails(ex: Executor, ids: readonly string[]): Promise<{ id: string; email: string }[]> {
  if (ids.length === 0) return [];
  return ex.selectFrom('users').select(['id', 'email']).where('id', 'in', [...ids]).execute();
}
