import type { Executor } from '../database.js';

/** The demo merchant (services/demo.ts): the first org its org admin joined. */
export function findOrgOfFirstMembership(ex: Executor, emailKey: string): Promise<{ id: string; name: string } | undefined> {
  return ex
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .select(['o.id', 'o.name'])
    .where('u.email_key', '=', emailKey)
    .orderBy('m.created_at')
    .executeTakeFirst();
}

/** An org's stores with these codes, in code order. */
export function findStoresByCodes(ex: Executor, orgId: string, codes: readonly string[]): Promise<{ id: string; name: string; code: string }[]> {
  return ex
    .selectFrom('stores')
    .select(['id', 'name', 'code'])
    .where('org_id', '=', orgId)
    .where('code', 'in', [...codes])
    .orderBy('code')
    .execute();
}

/** An org's members with these email keys. */
export function findMembersByEmailKeys(ex: Executor, orgId: string, emailKeys: readonly string[]): Promise<{ id: string; email_key: string }[]> {
  return ex
    .selectFrom('users as u')
    .innerJoin('memberships as m', 'm.user_id', 'u.id')
    .select(['u.id', 'u.email_key'])
    .where('m.org_id', '=', orgId)
    .where('u.email_key', 'in', [...emailKeys])
    .execute();
}
