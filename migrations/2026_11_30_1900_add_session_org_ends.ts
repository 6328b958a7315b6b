import type { Kysely } from 'kysely';

/**
 * A session belongs to a person, who may work for several orgs; an org's admin ending it (one
 * session, a member's sessions, "sign everyone out", a suspension or removal) ends its access to
 * that org only. One row per (session, org) that may no longer be used there; nothing ever
 * deletes a row but the session's own deletion, so reactivating or re-inviting the member does
 * not revive a session ended before. Frozen once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('session_org_ends')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('ended_at', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_org_ends_pk', ['session_id', 'org_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('session_org_ends').execute();
}
