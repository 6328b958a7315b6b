import type { Kysely } from 'kysely';

/**
 * The second factor (SECURITY.md "Second factor"). Frozen once shipped.
 * - `second_factors`: a user's TOTP authenticator (at most one, `confirmed_at` null until a
 *   code from it was confirmed) or passkeys (WebAuthn credentials). The TOTP secret is stored
 *   as the server needs it to verify codes; `totp_last_step` refuses a code used again within
 *   its window. A passkey keeps its public key and signature counter only.
 * - `recovery_codes`: single-use codes, sha256 only (like every token).
 * - `pending_sign_ins`: the step between a right password and the second factor: a short-lived
 *   hashed token, used once; `challenge` is the WebAuthn challenge offered with it.
 * - `webauthn_challenges`: the challenge of a passkey registration in progress.
 * - `session_second_factors`: a session that completed a factor (sign-in or enrolment).
 * - `orgs.require_admin_second_factor`: the org requires a factor of its top admins.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('second_factors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('totp_secret', 'text')
    .addColumn('totp_last_step', 'integer')
    .addColumn('credential_id', 'text', (c) => c.unique())
    .addColumn('public_key', 'text')
    .addColumn('sign_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('second_factors_user_idx').on('second_factors').columns(['user_id', 'kind']).execute();

  await db.schema
    .createTable('recovery_codes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('recovery_codes_user_idx').on('recovery_codes').columns(['user_id', 'code_hash']).execute();

  await db.schema
    .createTable('pending_sign_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('challenge', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();
  await db.schema.createIndex('pending_sign_ins_user_idx').on('pending_sign_ins').column('user_id').execute();

  await db.schema
    .createTable('webauthn_challenges')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
    .addColumn('challenge', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('session_second_factors')
    .addColumn('session_id', 'text', (c) => c.primaryKey())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .alterTable('orgs')
    .addColumn('require_admin_second_factor', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('orgs').dropColumn('require_admin_second_factor').execute();
  for (const t of ['session_second_factors', 'webauthn_challenges', 'pending_sign_ins', 'recovery_codes', 'second_factors']) await db.schema.dropTable(t).execute();
}
