import type { Selectable } from 'kysely';
import { isProfileLevel, isProfileSet, type ProfileLevel, type ProfileLevels, type ProfileSet } from '../../domain/profiles.js';
import type { Audience } from '../../domain/types.js';
import type { Executor } from '../database.js';
import type { ProfileTable } from '../schema/profile.table.js';
import { bumpOrgVersion } from './org.queries.js';

export type ProfileRow = Selectable<ProfileTable>;

/** The `levels` column read back; anything not a known set and level is dropped (reads as none). */
export function levelsOf(json: string): ProfileLevels {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch {
    return {};
  }
  const out: Partial<Record<ProfileSet, ProfileLevel>> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [set, level] of Object.entries(v)) if (isProfileSet(set) && isProfileLevel(level)) out[set] = level;
  }
  return out;
}

export function findProfile(ex: Executor, orgId: string, profileId: string): Promise<ProfileRow | undefined> {
  return ex.selectFrom('profiles').selectAll().where('org_id', '=', orgId).where('id', '=', profileId).executeTakeFirst();
}

export function findProfileByName(ex: Executor, orgId: string, name: string): Promise<{ id: string } | undefined> {
  return ex.selectFrom('profiles').select('id').where('org_id', '=', orgId).where('name', '=', name).executeTakeFirst();
}

/** An org's profiles by name, of one audience when given. An org keeps a handful: no paging. */
export function listProfiles(ex: Executor, orgId: string, audience?: Audience): Promise<ProfileRow[]> {
  let query = ex.selectFrom('profiles').selectAll().where('org_id', '=', orgId).orderBy('name').orderBy('id');
  if (audience) query = query.where('audience', '=', audience);
  return query.execute();
}

// A profile's levels are part of every holder's cached subject: each write bumps the org version.

export async function insertProfile(ex: Executor, row: ProfileRow): Promise<void> {
  await ex.insertInto('profiles').values(row).execute();
  await bumpOrgVersion(ex, row.org_id);
}

export async function updateProfile(ex: Executor, orgId: string, profileId: string, patch: Partial<Omit<ProfileRow, 'id' | 'org_id' | 'created_at'>>): Promise<void> {
  await ex.updateTable('profiles').set(patch).where('org_id', '=', orgId).where('id', '=', profileId).execute();
  await bumpOrgVersion(ex, orgId);
}

export async function deleteProfile(ex: Executor, orgId: string, profileId: string): Promise<void> {
  await ex.deleteFrom('profiles').where('org_id', '=', orgId).where('id', '=', profileId).execute();
  await bumpOrgVersion(ex, orgId);
}

/** How many members and pending invitations name the profile (a profile in use is not deleted). */
export async function profileUsers(ex: Executor, orgId: string, profileId: string, now: string): Promise<number> {
  const [members, invitations] = await Promise.all([
    ex.selectFrom('memberships').select((eb) => eb.fn.countAll<number | string>().as('n')).where('org_id', '=', orgId).where('profile_id', '=', profileId).executeTakeFirst(),
    ex
      .selectFrom('invitations')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('org_id', '=', orgId)
      .where('profile_id', '=', profileId)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .executeTakeFirst(),
  ]);
  return Number(members?.n ?? 0) + Number(invitations?.n ?? 0);
}
