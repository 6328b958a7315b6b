import type { Kysely } from 'kysely';

/**
 * Core tables. Frozen: never edit a migration that has shipped; add a new one.
 * Times are ISO-8601 UTC strings and booleans 0/1 integers so the same schema means the
 * same thing on SQLite and PostgreSQL. Tenant id leads every org-owned key (Logto style),
 * so a query that forgets the org cannot hit another tenant's rows by primary key alone.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull().unique())
    .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('phone', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('platform_role', 'text')
    .addColumn('failed_sign_ins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('last_sign_in_at', 'text')
    .addColumn('password_changed_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('orgs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('preset', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('billing_level', 'text', (c) => c.notNull().defaultTo('store'))
    .addColumn('single_session', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('invite_ttl_days', 'integer', (c) => c.notNull().defaultTo(7))
    .addColumn('owner_id', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('stores')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('stores_org_code_unique', ['org_id', 'code'])
    .addUniqueConstraint('stores_org_id_unique', ['org_id', 'id'])
    .execute();

  await db.schema
    .createTable('roles')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('legacy_names', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull().defaultTo('staff'))
    .addColumn('permissions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('org_wide_permissions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('conditional_permissions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('org_wide_when_billing', 'text')
    .addColumn('top_admin', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('built_in', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('roles_pk', ['org_id', 'key'])
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text')
    // Lower-cased "last first email", copied from the user so the team list sorts and searches
    // one table at 100,000 members instead of joining users for every row.
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('memberships_pk', ['org_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user_idx').on('memberships').column('user_id').execute();
  await db.schema.createIndex('memberships_sort_idx').on('memberships').columns(['org_id', 'search_key', 'user_id']).execute();
  await db.schema.createIndex('memberships_joined_idx').on('memberships').columns(['org_id', 'created_at', 'user_id']).execute();

  // One row per (role, store); store_id '' marks an org-scoped assignment so the key stays NOT NULL.
  await db.schema
    .createTable('role_assignments')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull().defaultTo(''))
    .addPrimaryKeyConstraint('role_assignments_pk', ['org_id', 'user_id', 'role_key', 'store_id'])
    .addForeignKeyConstraint('role_assignments_member_fk', ['org_id', 'user_id'], 'memberships', ['org_id', 'user_id'], (c) =>
      c.onDelete('cascade'),
    )
    .addForeignKeyConstraint('role_assignments_role_fk', ['org_id', 'role_key'], 'roles', ['org_id', 'key'])
    .execute();
  await db.schema.createIndex('role_assignments_role_idx').on('role_assignments').columns(['org_id', 'role_key', 'user_id']).execute();
  await db.schema.createIndex('role_assignments_store_idx').on('role_assignments').columns(['org_id', 'store_id', 'user_id']).execute();

  await db.schema
    .createTable('overrides')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('permission', 'text', (c) => c.notNull())
    .addColumn('store_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('effect', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('overrides_pk', ['org_id', 'user_id', 'permission', 'store_id'])
    .addForeignKeyConstraint('overrides_member_fk', ['org_id', 'user_id'], 'memberships', ['org_id', 'user_id'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('current_org_id', 'text')
    .addColumn('current_store_id', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').columns(['user_id', 'revoked_at']).execute();

  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text')
    .addColumn('actor_id', 'text')
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text')
    .addColumn('target_id', 'text')
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .addColumn('reason', 'text')
    .addColumn('ip', 'text')
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_org_idx').on('audit_events').columns(['org_id', 'id']).execute();
  await db.schema.createIndex('audit_target_idx').on('audit_events').columns(['org_id', 'target_id', 'id']).execute();
  await db.schema.createIndex('audit_actor_idx').on('audit_events').columns(['org_id', 'actor_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_events', 'sessions', 'overrides', 'role_assignments', 'memberships', 'roles', 'stores', 'orgs', 'users']) {
    await db.schema.dropTable(t).execute();
  }
}
