import type { Insertable, Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { UserTable } from '../schema/user.table.js';

export type UserRow = Selectable<UserTable>;

export function findUserById(ex: Executor, id: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export function findUserByEmailKey(ex: Executor, emailKey: string): Promise<UserRow | undefined> {
  return ex.selectFrom('users').selectAll().where('email_key', '=', emailKey).executeTakeFirst();
}

export async function insertUser(ex: Executor, row: Insertable<UserTable>): Promise<void> {
  await ex.insertInto('users').values(row).execute();
}

export async function updateUser(ex: Executor, id: string, patch: Partial<Omit<UserRow, 'id'>>): Promise<void> {
  await ex.updateTable('users').set(patch).where('id', '=', id).execute();
}
