import type { Selectable } from 'kysely';
import type { Executor } from '../database.js';
import type { OidcProviderTable, OidcSignInTable } from '../schema/identity.table.js';

export type OidcProviderRow = Selectable<OidcProviderTable>;
export type OidcSignInRow = Selectable<OidcSignInTable>;

export function findOidcProvider(ex: Executor, orgId: string): Promise<OidcProviderRow | undefined> {
  return ex.selectFrom('oidc_providers').selectAll().where('org_id', '=', orgId).executeTakeFirst();
}

/** Sets an org's provider and the domains it covers (replacing the old ones). */
export async function saveOidcProvider(ex: Executor, row: OidcProviderRow, domains: readonly string[]): Promise<void> {
  const { org_id, created_at, ...rest } = row;
  await ex
    .insertInto('oidc_providers')
    .values(row)
    .onConflict((oc) => oc.column('org_id').doUpdateSet(rest))
    .execute();
  await ex.deleteFrom('oidc_domains').where('org_id', '=', org_id).execute();
  if (domains.length > 0) await ex.insertInto('oidc_domains').values(domains.map((domain) => ({ domain, org_id }))).execute();
}

export async function deleteOidcProvider(ex: Executor, orgId: string): Promise<void> {
  await ex.deleteFrom('oidc_domains').where('org_id', '=', orgId).execute();
  await ex.deleteFrom('oidc_providers').where('org_id', '=', orgId).execute();
}

export async function oidcDomainsOf(ex: Executor, orgId: string): Promise<string[]> {
  const rows = await ex.selectFrom('oidc_domains').select('domain').where('org_id', '=', orgId).orderBy('domain').execute();
  return rows.map((r) => r.domain);
}

/** Which org's provider covers an email domain, if any. */
export async function orgOfDomain(ex: Executor, domain: string): Promise<string | undefined> {
  const row = await ex.selectFrom('oidc_domains').select('org_id').where('domain', '=', domain).executeTakeFirst();
  return row?.org_id;
}

/** Domains among `domains` another org covers already. */
export async function domainsTakenElsewhere(ex: Executor, orgId: string, domains: readonly string[]): Promise<string[]> {
  if (domains.length === 0) return [];
  const rows = await ex.selectFrom('oidc_domains').select('domain').where('domain', 'in', [...domains]).where('org_id', '!=', orgId).execute();
  return rows.map((r) => r.domain);
}

export async function insertOidcSignIn(ex: Executor, row: OidcSignInRow): Promise<void> {
  await ex.insertInto('oidc_sign_ins').values(row).execute();
}

/**
 * Takes a pending sign-in once: marks it used if it was not, and returns it. A second callback
 * with the same state (a replay) finds it used and gets nothing.
 */
export async function takeOidcSignIn(ex: Executor, stateHash: string, now: string): Promise<OidcSignInRow | undefined> {
  const r = await ex.updateTable('oidc_sign_ins').set({ used_at: now }).where('state_hash', '=', stateHash).where('used_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) === 0) return undefined;
  return ex.selectFrom('oidc_sign_ins').selectAll().where('state_hash', '=', stateHash).executeTakeFirst();
}

/** Old sign-ins are of no use: cleared as new ones start. */
export async function deleteOldOidcSignIns(ex: Executor, before: string): Promise<void> {
  await ex.deleteFrom('oidc_sign_ins').where('expires_at', '<', before).execute();
}

export function findIdentityLink(ex: Executor, issuer: string, subject: string): Promise<{ user_id: string; org_id: string } | undefined> {
  return ex.selectFrom('user_identity_links').select(['user_id', 'org_id']).where('issuer', '=', issuer).where('subject', '=', subject).executeTakeFirst();
}

export async function isLinkedUser(ex: Executor, userId: string): Promise<boolean> {
  return (await ex.selectFrom('user_identity_links').select('user_id').where('user_id', '=', userId).limit(1).executeTakeFirst()) !== undefined;
}

export async function insertIdentityLink(ex: Executor, row: { issuer: string; subject: string; user_id: string; org_id: string; created_at: string }): Promise<void> {
  await ex.insertInto('user_identity_links').values(row).execute();
}

/** The org whose provider a user is linked through, if any. */
export async function linkedOrgOf(ex: Executor, userId: string): Promise<string | undefined> {
  const row = await ex.selectFrom('user_identity_links').select('org_id').where('user_id', '=', userId).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  return row?.org_id;
}
