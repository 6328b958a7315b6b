import { type Kysely, sql } from 'kysely';

/**
 * Invitations (SPEC §2, rule 8). Frozen once shipped. The token is stored only as its sha256
 * (`token_hash`), so a database leak does not leak live invitation links. The partial unique
 * index makes a second pending invitation for the same email in one org impossible even when
 * two admins invite at the same moment (STYLE rule 4: a constraint, not only a check).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('invitations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    // JSON text: [{ role, storeIds? }], validated when written and re-checked at accept.
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('invited_by', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('first_name', 'text')
    .addColumn('last_name', 'text')
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('send_count', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_sent_at', 'text', (c) => c.notNull())
    .addColumn('accepted_at', 'text')
    .addColumn('accepted_user_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  // Kysely's index builder has `.where()`, but raw SQL keeps the predicate identical on both dialects.
  await sql`create unique index invitations_one_pending_idx on invitations (org_id, email_key) where status = 'pending'`.execute(db);
  await db.schema.createIndex('invitations_org_idx').on('invitations').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('invitations_email_idx').on('invitations').columns(['org_id', 'email_key']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('invitations').execute();
}
