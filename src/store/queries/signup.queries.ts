import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { SignupTable } from '../schema/signup.table.js';

export type SignupRow = Selectable<SignupTable>;

/** Inserts a pending sign-up and supersedes earlier open ones for the same email in the same org. */
export async function insertSignup(ex: Executor, row: SignupRow): Promise<void> {
  await ex
    .updateTable('signups')
    .set({ superseded_at: row.created_at })
    .where('org_id', '=', row.org_id)
    .where('email_key', '=', row.email_key)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  await ex.insertInto('signups').values(row).execute();
}

/** A usable (unused, current, unexpired) sign-up by its token's hash: which org's lock to take. */
export function findOpenSignup(ex: Executor, tokenHash: string, now: string): Promise<SignupRow | undefined> {
  return ex
    .selectFrom('signups')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/** Consumes the token in one guarded UPDATE (single use, also under concurrent completes). */
export function consumeSignup(ex: Executor, tokenHash: string, now: string): Promise<SignupRow | undefined> {
  return ex
    .updateTable('signups')
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .where('expires_at', '>', now)
    .returningAll()
    .executeTakeFirst();
}

/** What sign-up needs of an org, found by id or slug: whether it is offered and where people land. */
export function findSignupOrg(
  ex: Executor,
  idOrSlug: string,
): Promise<{ id: string; name: string; status: string; customer_signup: number; default_customer_profile_id: string | null } | undefined> {
  return ex
    .selectFrom('orgs')
    .select(['id', 'name', 'status', 'customer_signup', 'default_customer_profile_id'])
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .executeTakeFirst();
}
