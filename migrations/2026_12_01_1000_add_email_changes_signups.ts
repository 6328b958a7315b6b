import type { Kysely } from 'kysely';

/**
 * Two emailed, single-use tokens, stored as sha256 only (as password resets are):
 * - `email_changes`: a change of a person's sign-in email waiting for the new address to
 *   confirm it. `requested_by` is who asked (the person, or an admin of `org_id`);
 *   `requested_session_id` the session that asked (kept signed in when the change applies);
 *   `password_changed_at` the user's value when asked, so a password change or reset in the
 *   meantime cancels it (the "if this wasn't you, reset your password" of the notice works).
 * - `signups`: a customer's own sign-up to an org, waiting for them to choose a password from
 *   the emailed link; it carries what they typed (name, company) until then.
 * A newer request for the same person (or email and org) supersedes the older one.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('email_changes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('new_email', 'text', (c) => c.notNull())
    .addColumn('new_email_key', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_session_id', 'text')
    .addColumn('org_id', 'text')
    .addColumn('password_changed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema.createIndex('email_changes_user_idx').on('email_changes').columns(['user_id', 'used_at']).execute();

  await db.schema
    .createTable('signups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('company_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema.createIndex('signups_org_email_idx').on('signups').columns(['org_id', 'email_key', 'used_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('signups').execute();
  await db.schema.dropTable('email_changes').execute();
}
