import type { Kysely } from 'kysely';

/**
 * Mail bodies shared by many messages. Frozen once shipped.
 * A bulk import sends the same invitation, word for word, to thousands of people; only the
 * link's token (and the greeting's name) differ. `mail_bodies` holds such a body once, with
 * `slots` (a JSON array of random strings) standing where each message's own values go; a
 * message pointing at it (`body_id`) carries those values in `fill` (a JSON array, in the same
 * order) and empty bodies of its own. Readers put the two together
 * (store/queries/mail-outbox.queries.ts), so the mailer and the development outbox see whole
 * messages. A 100,000-row import wrote ~1 KB of mail per person before (its largest table).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mail_bodies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('slots', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.alterTable('mail_outbox').addColumn('body_id', 'text').execute();
  await db.schema.alterTable('mail_outbox').addColumn('fill', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('mail_outbox').dropColumn('fill').execute();
  await db.schema.alterTable('mail_outbox').dropColumn('body_id').execute();
  await db.schema.dropTable('mail_bodies').execute();
}
