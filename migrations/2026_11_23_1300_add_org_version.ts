import type { Kysely } from 'kysely';

/**
 * A per-org change counter. Every write that changes what an access decision reads (roles,
 * stores, memberships, assignments, overrides, org settings, a member's user status) adds one
 * in the same transaction, so a process may keep the org's roles, stores and members' grants
 * in memory and prove them current with one primary-key read per request: a change counts on
 * the very next request on every instance (SPEC rule 7). Frozen once shipped.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('orgs')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orgs').dropColumn('version').execute();
}
