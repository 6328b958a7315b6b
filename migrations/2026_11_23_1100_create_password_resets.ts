import type { Kysely } from 'kysely';

/**
 * Password-reset tokens (SPEC rule 9, SECURITY.md): only the sha256 of the token is stored; a
 * row is single-use (`used_at`), short-lived (`expires_at`) and superseded by a newer request
 * for the same user (`superseded_at`). `requested_by` is the admin who started it, if any.
 * The mail outbox also gets `claimed_at`, so a delivery worker that died mid-send can be
 * told apart from one that is sending now.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('password_resets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('requested_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .addColumn('superseded_at', 'text')
    .execute();
  await db.schema.createIndex('password_resets_user_idx').on('password_resets').columns(['user_id', 'used_at']).execute();
  await db.schema.alterTable('mail_outbox').addColumn('claimed_at', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('claimed_at').execute();
  await db.schema.dropTable('password_resets').execute();
}
