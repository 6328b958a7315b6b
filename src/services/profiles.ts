/**
 * Profiles (seed 002): named permission sets an org gives its partner or customer users,
 * with access levels none < view < edit < full per set. A profile's levels are part of every
 * holder's cached subject, so each write goes through `inOrgTransaction` and counts on the
 * next request on every instance.
 */
import { AppError, assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { countOf } from '../domain/plural.js';
import {
  isProfileLevel,
  isProfileSet,
  PAYMENT_METHODS,
  PROFILE_LEVELS,
  PROFILE_SETS,
  type PaymentMethod,
  type ProfileLevel,
  type ProfileLevels,
  type ProfileSet,
} from '../domain/profiles.js';
import { newId } from '../lib/ids.js';
import { inOrgTransaction } from '../store/queries/org.queries.js';
import {
  deleteProfile,
  findProfile,
  findProfileByName,
  insertProfile,
  levelsOf,
  listProfiles,
  type ProfileRow,
  profileUsers,
  updateProfile,
} from '../store/queries/profile.queries.js';
import type { Executor } from '../store/database.js';
import { mapUniqueViolation } from '../store/unique.js';
import { openOrg, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';

type ConfigValue = string | number | boolean;
type ProfileAudience = 'partner' | 'customer';

export interface ProfileView {
  id: string;
  name: string;
  audience: ProfileAudience;
  /** Every set, with none for the ones not set. */
  levels: Record<ProfileSet, ProfileLevel>;
  paymentMethods: string[];
  homeTemplate: string | null;
  configuration: Record<string, ConfigValue>;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

export function profileView(r: ProfileRow): ProfileView {
  const levels = levelsOf(r.levels);
  return {
    id: r.id,
    name: r.name,
    audience: r.audience === 'customer' ? 'customer' : 'partner',
    levels: Object.fromEntries(PROFILE_SETS.map((s) => [s, levels[s] ?? 'none'])) as Record<ProfileSet, ProfileLevel>,
    paymentMethods: parseJson<string[]>(r.payment_methods, []),
    homeTemplate: r.home_template,
    configuration: parseJson<Record<string, ConfigValue>>(r.configuration, {}),
  };
}

const NO_SUCH = 'No such profile.';

const nameTaken = (name: string) => new AppError('already_exists', `A profile called "${name}" already exists in this organization; choose another name.`);

/** The asked levels, checked: a plain 400 naming the set or level that is not known. */
function checkedLevels(input: Readonly<Record<string, string>>): ProfileLevels {
  const out: Partial<Record<ProfileSet, ProfileLevel>> = {};
  for (const [set, level] of Object.entries(input)) {
    if (!isProfileSet(set)) {
      throw new AppError('validation_failed', `"${set}" is not a permission set of a profile; use ${PROFILE_SETS.join(', ')}.`, { field: `levels.${set}` });
    }
    if (!isProfileLevel(level)) {
      throw new AppError('validation_failed', `"${level}" is not an access level; use ${PROFILE_LEVELS.join(', ')}.`, { field: `levels.${set}` });
    }
    out[set] = level;
  }
  return out;
}

/** Payment methods come from the known list and mean something only when invoices can be paid (Pay Invoices at edit or full). */
function checkedPaymentMethods(methods: readonly string[], levels: ProfileLevels): PaymentMethod[] {
  const unknown = methods.find((m) => !(PAYMENT_METHODS as readonly string[]).includes(m));
  if (unknown !== undefined) {
    throw new AppError('validation_failed', `"${unknown}" is not a payment method; use ${PAYMENT_METHODS.join(', ')}.`, { field: 'paymentMethods' });
  }
  const pay = levels.pay_invoices ?? 'none';
  if (methods.length > 0 && pay !== 'edit' && pay !== 'full') {
    throw new AppError('validation_failed', 'Payment methods apply only when Pay Invoices is at edit or full; raise that level or leave the payment methods out.', {
      field: 'paymentMethods',
    });
  }
  return [...new Set(methods)] as PaymentMethod[];
}

async function assertNameFree(ex: Executor, orgId: string, name: string, exceptId?: string) {
  const clash = await findProfileByName(ex, orgId, name);
  if (clash && clash.id !== exceptId) throw nameTaken(name);
}

export async function listOrgProfiles(deps: Deps, ctx: RequestContext, orgId: string, q: { audience?: ProfileAudience | undefined }): Promise<{ items: ProfileView[] }> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'profiles:read');
  return { items: (await listProfiles(deps.db, orgId, q.audience)).map(profileView) };
}

export async function getProfile(deps: Deps, ctx: RequestContext, orgId: string, profileId: string): Promise<ProfileView> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'profiles:read');
  const row = await findProfile(deps.db, orgId, profileId);
  assertThat(row, 'not_found', NO_SUCH);
  return profileView(row);
}

export interface ProfileInput {
  name: string;
  audience: ProfileAudience;
  levels: Record<string, string>;
  paymentMethods?: string[] | undefined;
  homeTemplate?: string | null | undefined;
  configuration?: Record<string, ConfigValue> | undefined;
  reason?: string | undefined;
}

export async function createProfile(deps: Deps, ctx: RequestContext, orgId: string, input: ProfileInput): Promise<ProfileView> {
  const now = deps.clock();
  const iso = now.toISOString();
  return mapUniqueViolation(
    () =>
      inOrgTransaction(deps.db, orgId, async (trx) => {
        const org = await openOrg(trx, ctx.principal, orgId);
        requirePermission(org, 'profiles:create');
        requireSupportReason(org, input.reason);
        const levels = checkedLevels(input.levels);
        const paymentMethods = checkedPaymentMethods(input.paymentMethods ?? [], levels);
        await assertNameFree(trx, orgId, input.name);
        const row: ProfileRow = {
          id: newId(),
          org_id: orgId,
          name: input.name,
          audience: input.audience,
          levels: JSON.stringify(levels),
          payment_methods: JSON.stringify(paymentMethods),
          home_template: input.homeTemplate ?? null,
          configuration: JSON.stringify(input.configuration ?? {}),
          created_at: iso,
          updated_at: iso,
        };
        await insertProfile(trx, row);
        const view = profileView(row);
        await audit(trx, ctx, now, { orgId, action: 'profile.created', targetType: 'profile', targetId: row.id, after: view, reason: input.reason });
        return view;
      }),
    () => nameTaken(input.name),
  );
}

/** `levels` changes only the sets given. Holders' access changes on their next request. */
export async function patchProfile(
  deps: Deps,
  ctx: RequestContext,
  orgId: string,
  profileId: string,
  input: Partial<Omit<ProfileInput, 'audience'>>,
): Promise<ProfileView> {
  const now = deps.clock();
  return mapUniqueViolation(
    () =>
      inOrgTransaction(deps.db, orgId, async (trx) => {
        const org = await openOrg(trx, ctx.principal, orgId);
        requirePermission(org, 'profiles:update');
        const before = await findProfile(trx, orgId, profileId);
        assertThat(before, 'not_found', NO_SUCH);
        requireSupportReason(org, input.reason);
        const levels = { ...levelsOf(before.levels), ...checkedLevels(input.levels ?? {}) };
        const paymentMethods = checkedPaymentMethods(input.paymentMethods ?? profileView(before).paymentMethods, levels);
        if (input.name !== undefined) await assertNameFree(trx, orgId, input.name, profileId);
        const patch = {
          name: input.name ?? before.name,
          levels: JSON.stringify(levels),
          payment_methods: JSON.stringify(paymentMethods),
          home_template: input.homeTemplate === undefined ? before.home_template : input.homeTemplate,
          configuration: input.configuration === undefined ? before.configuration : JSON.stringify(input.configuration),
          updated_at: now.toISOString(),
        };
        await updateProfile(trx, orgId, profileId, patch);
        const after = profileView({ ...before, ...patch });
        await audit(trx, ctx, now, { orgId, action: 'profile.updated', targetType: 'profile', targetId: profileId, before: profileView(before), after, reason: input.reason });
        return after;
      }),
    () => nameTaken(input.name ?? ''),
  );
}

/** A profile someone still uses (a member, a pending invitation, customer sign-up) is not deleted. */
export async function removeProfile(deps: Deps, ctx: RequestContext, orgId: string, profileId: string, reason?: string): Promise<void> {
  const now = deps.clock();
  await inOrgTransaction(deps.db, orgId, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'profiles:delete');
    const before = await findProfile(trx, orgId, profileId);
    assertThat(before, 'not_found', NO_SUCH);
    requireSupportReason(org, reason);
    const users = await profileUsers(trx, orgId, profileId, now.toISOString());
    if (users > 0) {
      throw new AppError('profile_in_use', `${countOf(users, 'person', 'people')} still use${users === 1 ? 's' : ''} this profile; move them to another profile first.`, { users });
    }
    if (org.row.default_customer_profile_id === profileId) {
      throw new AppError('profile_in_use', 'Customers who sign up on their own get this profile; choose another profile for them in the business settings first.');
    }
    await deleteProfile(trx, orgId, profileId);
    await audit(trx, ctx, now, { orgId, action: 'profile.deleted', targetType: 'profile', targetId: profileId, before: profileView(before), reason });
  });
}
