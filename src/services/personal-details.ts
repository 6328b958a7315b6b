import type { Transaction } from 'kysely';
import { AppError } from '../contracts/errors.js';
import { type AccountProfileHold, canChangeOwnAccount, canEditPersonalDetails } from '../domain/personal-details.js';
import { cleanText } from '../domain/names.js';
import type { Database, Executor } from '../store/database.js';
import { setMemberSearchKeys } from '../store/queries/member.queries.js';
import { accountProfilesOfUser } from '../store/queries/personal-details.queries.js';
import { levelsOf } from '../store/queries/profile.queries.js';
import { orgIdsOfUser } from '../store/queries/org.queries.js';
import { findUserById, updateUser } from '../store/queries/user.queries.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { enforce } from './decision-error.js';

/** A person's own details as a request may change them (name and phone; the email is the sign-in). */
export interface DetailsInput {
  firstName?: string | undefined;
  lastName?: string | undefined;
  phone?: string | null | undefined;
}

/** The columns a change writes. */
export interface PersonalDetails {
  first_name?: string;
  last_name?: string;
  phone?: string | null;
}

export interface CurrentDetails {
  firstName: string;
  lastName: string;
  phone: string | null;
}

/**
 * Trims and checks personal details, and keeps only those that differ from `current` (a form
 * sends every field; an unchanged one is no change to authorize or audit). Control characters
 * forge lines in logs and CSV (ASVS 16.4.1).
 */
export function personalDetails(input: DetailsInput, current: CurrentDetails): PersonalDetails {
  const out: PersonalDetails = {};
  const field = (value: string, name: string): string => {
    const v = cleanText(value);
    if (v === null || v === '') throw new AppError('validation_failed', `The ${name} is empty or contains control characters.`, { field: name });
    return v;
  };
  if (input.firstName !== undefined) out.first_name = field(input.firstName, 'first name');
  if (input.lastName !== undefined) out.last_name = field(input.lastName, 'last name');
  if (input.phone !== undefined) {
    out.phone = input.phone === null ? null : field(input.phone, 'phone');
    if (out.phone !== null && !/^[0-9+()./ -]+$/.test(out.phone)) throw new AppError('validation_failed', 'A phone number holds digits, spaces and + ( ) - . / only.', { field: 'phone' });
  }
  if (out.first_name === current.firstName) delete out.first_name;
  if (out.last_name === current.lastName) delete out.last_name;
  if (out.phone === current.phone) delete out.phone;
  return out;
}

/**
 * Refuses (403) a person changing their own account details — name, phone, sign-in email —
 * when a partner or customer profile of theirs does not allow it (domain/personal-details.ts).
 */
export async function requireOwnAccountChange(ex: Executor, userId: string): Promise<void> {
  const holds: AccountProfileHold[] = (await accountProfilesOfUser(ex, userId)).map((r) => ({
    orgName: r.orgName,
    // No profile, or a set it does not name, grants nothing (deny by default).
    level: r.levels === null ? 'none' : (levelsOf(r.levels).my_account ?? 'none'),
  }));
  enforce(canChangeOwnAccount(holds));
}

/** The orgs a person belongs to, and whether they are platform staff. */
async function whereTheyBelong(ex: Executor, userId: string): Promise<{ orgIds: string[]; platformStaff: boolean }> {
  const [orgIds, user] = await Promise.all([orgIdsOfUser(ex, userId), findUserById(ex, userId)]);
  return { orgIds, platformStaff: Boolean(user?.platform_role) };
}

/**
 * Changes a person's details on behalf of `actingOrgId` (an org's member edit) or of the person
 * themself (`actingOrgId` null), after the shared-details rule (domain/personal-details.ts).
 * The details live on the user, so every org the person belongs to sees the change: each of
 * them gets an audit event in this transaction (the acting org's own event is the caller's,
 * which carries the rest of its change). Returns nothing when nothing changed.
 */
export async function changePersonalDetails(
  trx: Transaction<Database>,
  ctx: RequestContext,
  now: Date,
  input: { userId: string; actingOrgId: string | null; byPlatform: boolean; details: PersonalDetails; before: CurrentDetails; reason?: string | undefined },
): Promise<void> {
  if (Object.keys(input.details).length === 0) return;
  const where = await whereTheyBelong(trx, input.userId);
  enforce(
    canEditPersonalDetails({
      byPlatform: input.byPlatform,
      bySelf: ctx.principal?.userId === input.userId,
      otherOrgs: where.orgIds.filter((o) => o !== input.actingOrgId).length,
      targetIsPlatformStaff: where.platformStaff,
      name: `${input.before.firstName} ${input.before.lastName}`.trim(),
    }),
  );
  const at = now.toISOString();
  await updateUser(trx, input.userId, { ...input.details, updated_at: at });
  // Every membership's denormalized search key follows: each org's team list finds the new name at once.
  const user = await findUserById(trx, input.userId);
  if (!user) throw new AppError('not_found', 'No such user.');
  await setMemberSearchKeys(trx, user);
  const after = { firstName: user.first_name, lastName: user.last_name, phone: user.phone };
  const others = where.orgIds.filter((o) => o !== input.actingOrgId);
  for (const orgId of others) {
    await audit(trx, ctx, now, { orgId, action: 'member.details_changed', targetType: 'user', targetId: input.userId, before: input.before, after, reason: input.reason });
  }
  // Someone in no org (and acting for none) is still audited, in the platform log.
  if (others.length === 0 && input.actingOrgId === null) {
    await audit(trx, ctx, now, { orgId: null, action: 'user.details_changed', targetType: 'user', targetId: input.userId, before: input.before, after, reason: input.reason });
  }
}
