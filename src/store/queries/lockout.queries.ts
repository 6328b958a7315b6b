import { sql } from 'kysely';
import type { Executor } from '../database.js';

/**
 * Reserves one password guess for an account, atomically, BEFORE the password is checked:
 * a single UPDATE ... SET failed_sign_ins = failed_sign_ins + 1 guarded by "not locked". Under
 * the row lock parallel attempts each take their own slot, so no more than `threshold` guesses
 * are ever evaluated per lock window (Keycloak CVE-2024-4629, Zitadel CVE-2023-47111: counting
 * after the check let parallel requests slip past). The attempt that takes the last slot sets
 * the lock in the same statement — if its password is right, `clearSignInFailures` lifts it —
 * so a crash between the guess and the bookkeeping can never leave an account unlockable.
 * A lock that has run out is cleared here too. Returns the slot number, or undefined when the
 * account is locked.
 */
export async function reserveSignInAttempt(ex: Executor, userId: string, now: Date, threshold: number, lockMinutes: number): Promise<number | undefined> {
  const iso = now.toISOString();
  const until = new Date(now.getTime() + lockMinutes * 60_000).toISOString();
  const next = sql<number>`(case when locked_until is not null then 1 else failed_sign_ins + 1 end)`;
  const row = await ex
    .updateTable('users')
    .set({
      failed_sign_ins: next,
      locked_until: sql<string | null>`(case when ${next} >= ${threshold} then ${until} else null end)`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', iso)]))
    .returning('failed_sign_ins')
    .executeTakeFirst();
  return row ? Number(row.failed_sign_ins) : undefined;
}

/** A correct password, or a completed reset: the counter starts again and any lock ends (SPEC rule 9). */
export async function clearSignInFailures(ex: Executor, userId: string): Promise<void> {
  await ex.updateTable('users').set({ failed_sign_ins: 0, locked_until: null }).where('id', '=', userId).execute();
}

/**
 * A right password that still needs its second factor: its own reserved slot is given back,
 * but the counter is not cleared (only a completed second step clears it), so wrong codes keep
 * adding up across attempts and a known password does not buy unlimited code guesses. A lock
 * stands only while the failures reach the threshold.
 */
export async function refundSignInAttempt(ex: Executor, userId: string, threshold: number): Promise<void> {
  const next = sql<number>`(case when failed_sign_ins > 0 then failed_sign_ins - 1 else 0 end)`;
  await ex
    .updateTable('users')
    .set({ failed_sign_ins: next, locked_until: sql<string | null>`(case when ${next} >= ${threshold} then locked_until else null end)` })
    .where('id', '=', userId)
    .execute();
}
