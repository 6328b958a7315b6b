import type { Selectable } from 'kysely';
import { sessionTag, userTag } from '../change-feed.js';
import type { Executor } from '../database.js';
import type { PendingSignInTable, SecondFactorTable } from '../schema/second-factor.table.js';
import { noteChanged } from '../transaction.js';

export type SecondFactorRow = Selectable<SecondFactorTable>;
export type PendingSignInRow = Selectable<PendingSignInTable>;

/** A user's factors; `confirmedOnly` leaves out a TOTP enrolment still waiting for its first code. */
export function listFactors(ex: Executor, userId: string, confirmedOnly = true): Promise<SecondFactorRow[]> {
  let q = ex.selectFrom('second_factors').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('id');
  if (confirmedOnly) q = q.where('confirmed_at', 'is not', null);
  return q.execute();
}

export async function insertFactor(ex: Executor, row: Selectable<SecondFactorTable>): Promise<void> {
  await ex.insertInto('second_factors').values(row).execute();
  await noteChanged(ex, userTag(row.user_id));
}

export async function deleteFactor(ex: Executor, userId: string, id: string): Promise<boolean> {
  const res = await ex.deleteFrom('second_factors').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  await noteChanged(ex, userTag(userId));
  return Number(res.numDeletedRows) > 0;
}

/** The TOTP enrolment not yet confirmed is replaced by a new one (a re-scanned QR code). */
export async function deleteUnconfirmedTotp(ex: Executor, userId: string): Promise<void> {
  await ex.deleteFrom('second_factors').where('user_id', '=', userId).where('kind', '=', 'totp').where('confirmed_at', 'is', null).execute();
}

/**
 * Accepts a TOTP step only when it is later than the last accepted one, in one statement, so
 * two requests racing with the same code cannot both pass (a code is good once, RFC 6238 §5.2).
 */
export async function claimTotpStep(ex: Executor, factorId: string, step: number, now: string, confirm: boolean): Promise<boolean> {
  const res = await ex
    .updateTable('second_factors')
    .set({ totp_last_step: step, last_used_at: now, ...(confirm ? { confirmed_at: now } : {}) })
    .where('id', '=', factorId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  if (confirm) {
    // A confirmed factor changes what the person's sessions may reach.
    const f = await ex.selectFrom('second_factors').select('user_id').where('id', '=', factorId).executeTakeFirst();
    if (f) await noteChanged(ex, userTag(f.user_id));
  }
  return Number(res.numUpdatedRows) === 1;
}

/** Stores a passkey's new signature counter (WebAuthn clone detection) and its use. */
export async function touchPasskey(ex: Executor, factorId: string, signCount: number, now: string): Promise<void> {
  await ex.updateTable('second_factors').set({ sign_count: signCount, last_used_at: now }).where('id', '=', factorId).execute();
}

export async function replaceRecoveryCodes(ex: Executor, userId: string, hashes: { id: string; hash: string }[], now: string): Promise<void> {
  await ex.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  if (hashes.length === 0) return;
  await ex
    .insertInto('recovery_codes')
    .values(hashes.map((h) => ({ id: h.id, user_id: userId, code_hash: h.hash, created_at: now, used_at: null })))
    .execute();
}

export async function countUnusedRecoveryCodes(ex: Executor, userId: string): Promise<number> {
  const row = await ex.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Spends one recovery code, atomically (used once even under parallel attempts). */
export async function spendRecoveryCode(ex: Executor, userId: string, hash: string, now: string): Promise<boolean> {
  const res = await ex.updateTable('recovery_codes').set({ used_at: now }).where('user_id', '=', userId).where('code_hash', '=', hash).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

export async function insertPendingSignIn(ex: Executor, row: PendingSignInRow): Promise<void> {
  await ex.insertInto('pending_sign_ins').values(row).execute();
}

export function findPendingSignIn(ex: Executor, tokenHash: string): Promise<PendingSignInRow | undefined> {
  return ex.selectFrom('pending_sign_ins').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

/** Marks a pending sign-in used; false when another request used it first. */
export async function consumePendingSignIn(ex: Executor, id: string, now: string): Promise<boolean> {
  const res = await ex.updateTable('pending_sign_ins').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** A new password ends the second steps its predecessor opened. */
export async function endPendingSignIns(ex: Executor, userId: string, now: string): Promise<void> {
  await ex.updateTable('pending_sign_ins').set({ used_at: now }).where('user_id', '=', userId).where('used_at', 'is', null).execute();
}

export async function setRegistrationChallenge(ex: Executor, userId: string, challenge: string, expiresAt: string): Promise<void> {
  await ex.deleteFrom('webauthn_challenges').where('user_id', '=', userId).execute();
  await ex.insertInto('webauthn_challenges').values({ user_id: userId, challenge, expires_at: expiresAt }).execute();
}

/** Takes (and deletes) the user's registration challenge, if still live: each is used once. */
export async function takeRegistrationChallenge(ex: Executor, userId: string, now: string): Promise<string | undefined> {
  const row = await ex.selectFrom('webauthn_challenges').selectAll().where('user_id', '=', userId).executeTakeFirst();
  await ex.deleteFrom('webauthn_challenges').where('user_id', '=', userId).execute();
  return row && row.expires_at > now ? row.challenge : undefined;
}

export async function markSessionVerified(ex: Executor, sessionId: string, method: string, now: string): Promise<void> {
  await ex.deleteFrom('session_second_factors').where('session_id', '=', sessionId).execute();
  await ex.insertInto('session_second_factors').values({ session_id: sessionId, method, verified_at: now }).execute();
  await noteChanged(ex, sessionTag(sessionId));
}

/**
 * What the second-factor gate needs about a session, in one round trip: did this session
 * complete a factor, does the user have one, and does any org where they are an active top
 * admin require one.
 */
export async function secondFactorState(ex: Executor, sessionId: string, userId: string): Promise<{ verified: boolean; hasFactor: boolean; orgRequires: boolean }> {
  const row = await ex
    .selectNoFrom((eb) => [
      eb.exists(eb.selectFrom('session_second_factors').select('session_id').where('session_id', '=', sessionId)).as('verified'),
      eb.exists(eb.selectFrom('second_factors').select('id').where('user_id', '=', userId).where('confirmed_at', 'is not', null)).as('has_factor'),
      eb
        .exists(
          eb
            .selectFrom('memberships as m')
            .innerJoin('orgs as o', 'o.id', 'm.org_id')
            .innerJoin('role_assignments as ra', (j) => j.onRef('ra.org_id', '=', 'm.org_id').onRef('ra.user_id', '=', 'm.user_id'))
            .innerJoin('roles as r', (j) => j.onRef('r.org_id', '=', 'ra.org_id').onRef('r.key', '=', 'ra.role_key'))
            .select('m.user_id')
            .where('m.user_id', '=', userId)
            .where('m.status', '=', 'active')
            .where('o.require_admin_second_factor', '=', 1)
            .where('r.top_admin', '=', 1),
        )
        .as('org_requires'),
    ])
    .executeTakeFirstOrThrow();
  const yes = (v: unknown) => v === true || Number(v) === 1;
  return { verified: yes(row.verified), hasFactor: yes(row.has_factor), orgRequires: yes(row.org_requires) };
}

/**
 * Another person's reset (or the last factor removed): every factor, recovery code, pending
 * sign-in and registration challenge of the user goes. Returns how many factors there were.
 */
export async function deleteAllSecondFactors(ex: Executor, userId: string, now: string): Promise<number> {
  const res = await ex.deleteFrom('second_factors').where('user_id', '=', userId).where('confirmed_at', 'is not', null).executeTakeFirst();
  await ex.deleteFrom('second_factors').where('user_id', '=', userId).execute();
  await ex.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await ex.deleteFrom('webauthn_challenges').where('user_id', '=', userId).execute();
  await endPendingSignIns(ex, userId, now);
  await noteChanged(ex, userTag(userId));
  return Number(res.numDeletedRows);
}
