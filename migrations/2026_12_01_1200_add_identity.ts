import type { Kysely } from 'kysely';

/**
 * Sign-in through an org's identity provider and provisioning from it. Frozen once shipped.
 * - `scim_tokens`: bearer tokens an org admin creates for their identity provider's SCIM
 *   client; only the sha256 of the token is kept (shown once). A token acts with the authority
 *   of the member who created it (`created_by`), checked on every request.
 * - `scim_groups`: the groups the identity provider pushed, by display name per org, and
 *   `scim_group_members` who is in them. `scim_group_roles` is the admin's mapping of a group
 *   display name to a role and its stores (`store_ids` JSON array; empty for org roles): the
 *   roles of a provisioned member are the union of their groups' mappings.
 * - `scim_external_ids`: the identity provider's own id for a provisioned member (`externalId`).
 * - `oidc_providers`: one OpenID Connect provider per org: issuer, client id and secret
 *   (`client_secret`, never returned), scopes, and whether unknown people may be created on
 *   first sign-in (`allow_jit`), with the org's default role. `oidc_domains`: the email domains
 *   a provider covers; a domain belongs to one org only, so no business can send another's
 *   people to its own provider.
 * - `oidc_sign_ins`: a sign-in under way at a provider: the hash of its `state`, the hash of
 *   the browser binding cookie, nonce and PKCE verifier; used once, for ten minutes.
 * - `provisioning_defaults`: the role (and stores) a person arriving from the identity provider
 *   gets while no mapped group gives them one, since every member holds at least one role.
 * - `user_identity_links`: a user linked to an issuer + subject on their first sign-in there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('scim_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('scim_tokens_org_idx').on('scim_tokens').columns(['org_id', 'created_at']).execute();

  await db.schema
    .createTable('scim_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('scim_groups_org_name_uq').on('scim_groups').columns(['org_id', 'display_name']).unique().execute();

  await db.schema
    .createTable('scim_group_members')
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('group_id', 'text', (c) => c.notNull().references('scim_groups.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scim_group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('scim_group_members_user_idx').on('scim_group_members').columns(['org_id', 'user_id']).execute();

  await db.schema
    .createTable('scim_group_roles')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('store_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scim_group_roles_pk', ['org_id', 'display_name'])
    .execute();

  await db.schema
    .createTable('scim_external_ids')
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scim_external_ids_pk', ['org_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('oidc_providers')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('client_secret', 'text')
    .addColumn('scopes', 'text', (c) => c.notNull().defaultTo('openid email profile'))
    .addColumn('allow_jit', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('oidc_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .execute();
  await db.schema.createIndex('oidc_domains_org_idx').on('oidc_domains').columns(['org_id']).execute();

  await db.schema
    .createTable('oidc_sign_ins')
    .addColumn('state_hash', 'text', (c) => c.primaryKey())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id').onDelete('cascade'))
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('code_verifier', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('provisioning_defaults')
    .addColumn('org_id', 'text', (c) => c.primaryKey().references('orgs.id').onDelete('cascade'))
    .addColumn('role_key', 'text', (c) => c.notNull())
    .addColumn('store_ids', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('user_identity_links')
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('org_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_identity_links_pk', ['issuer', 'subject'])
    .execute();
  await db.schema.createIndex('user_identity_links_user_idx').on('user_identity_links').columns(['user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('user_identity_links').execute();
  await db.schema.dropTable('provisioning_defaults').execute();
  await db.schema.dropTable('oidc_sign_ins').execute();
  await db.schema.dropTable('oidc_domains').execute();
  await db.schema.dropTable('oidc_providers').execute();
  await db.schema.dropTable('scim_external_ids').execute();
  await db.schema.dropTable('scim_group_roles').execute();
  await db.schema.dropTable('scim_group_members').execute();
  await db.schema.dropTable('scim_groups').execute();
  await db.schema.dropTable('scim_tokens').execute();
}
