import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Partner and customer users, customer accounts and profiles (seed 002), and the last org
 * settings of seed 001. Frozen once shipped.
 * - `customers`: an org's customer accounts, like stores a resource of the org; `number` is
 *   the account number people know them by (unique in the org when given).
 * - `profiles`: named permission sets per org and audience (seed 002 "Profiles &
 *   Permissions"): `levels` is JSON `{ set: "none" | "view" | "edit" | "full" }`,
 *   `payment_methods` the methods a Pay Invoices level allows (JSON array), and the customer
 *   experience the profile gives: `home_template` and `configuration` (JSON object).
 * - `memberships.audience` (`staff` | `partner` | `customer`) and `profile_id`; the customer
 *   accounts a partner or customer user works with are rows of `member_customers`.
 * - `invitations` carry the same three fields until accepted (`customer_ids` JSON array).
 * - `orgs.settlement_level` (seed 001: billed at org level but settled per store, or the other
 *   way round), `customer_signup` (customers may create their own account) and the profile a
 *   self-signed-up customer lands on.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('customers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('number', 'text')
    .addColumn('search_key', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('customers_org_name_idx').on('customers').columns(['org_id', 'search_key', 'id']).execute();
  // Unique per org when given; NULLs never collide in either dialect.
  await db.schema.createIndex('customers_org_number_uq').on('customers').columns(['org_id', 'number']).unique().execute();

  await db.schema
    .createTable('profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('audience', 'text', (c) => c.notNull())
    .addColumn('levels', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('payment_methods', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('home_template', 'text')
    .addColumn('configuration', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('profiles_org_name_uq').on('profiles').columns(['org_id', 'name']).unique().execute();

  await db.schema.alterTable('memberships').addColumn('audience', 'text', (c) => c.notNull().defaultTo('staff')).execute();
  await db.schema.alterTable('memberships').addColumn('profile_id', 'text').execute();
  await db.schema.createIndex('memberships_org_audience_idx').on('memberships').columns(['org_id', 'audience']).execute();

  await db.schema
    .createTable('member_customers')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('member_customers_pk', ['org_id', 'user_id', 'customer_id'])
    .execute();
  await db.schema.createIndex('member_customers_customer_idx').on('member_customers').columns(['customer_id', 'user_id']).execute();

  await db.schema.alterTable('invitations').addColumn('audience', 'text', (c) => c.notNull().defaultTo('staff')).execute();
  await db.schema.alterTable('invitations').addColumn('profile_id', 'text').execute();
  await db.schema.alterTable('invitations').addColumn('customer_ids', 'text', (c) => c.notNull().defaultTo('[]')).execute();

  // Until now one setting answered both questions; existing orgs keep their answer for both.
  await db.schema.alterTable('orgs').addColumn('settlement_level', 'text', (c) => c.notNull().defaultTo('store')).execute();
  await sql`UPDATE orgs SET settlement_level = billing_level`.execute(db);
  await db.schema.alterTable('orgs').addColumn('customer_signup', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('orgs').addColumn('default_customer_profile_id', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orgs').dropColumn('default_customer_profile_id').execute();
  await db.schema.alterTable('orgs').dropColumn('customer_signup').execute();
  await db.schema.alterTable('orgs').dropColumn('settlement_level').execute();
  await db.schema.alterTable('invitations').dropColumn('customer_ids').execute();
  await db.schema.alterTable('invitations').dropColumn('profile_id').execute();
  await db.schema.alterTable('invitations').dropColumn('audience').execute();
  await db.schema.dropTable('member_customers').execute();
  await db.schema.dropIndex('memberships_org_audience_idx').execute();
  await db.schema.alterTable('memberships').dropColumn('profile_id').execute();
  await db.schema.alterTable('memberships').dropColumn('audience').execute();
  await db.schema.dropTable('profiles').execute();
  await db.schema.dropTable('customers').execute();
}
