import { AppError } from '../../contracts/errors.js';
import type { Executor } from '../../store/database.js';
import { secondFactorState } from '../../store/queries/second-factor.queries.js';
import type { FactorFacts } from '../access-cache.js';
import type { Principal } from '../context.js';

/** Why a person must use a second factor (SECURITY.md "Second factor"). */
export type FactorRequirement = 'platform_staff' | 'org_admin' | null;

export interface SessionFactorState {
  /** This session completed a factor (two-step sign-in, or enrolment in it). */
  verified: boolean;
  hasFactor: boolean;
  required: FactorRequirement;
  /**
   * The session may only enrol: the person must use a factor (platform staff; a top admin of
   * an org that requires it) or has one, and this session has not completed one.
   */
  restricted: boolean;
}

/**
 * The second-factor standing of a session: from the session's cache entry when it was
 * authenticated through one (kept current like every cached session, so an org switching the
 * requirement on limits its admins' sessions on their next request), else read.
 */
export async function sessionFactorState(ex: Executor, principal: Principal): Promise<SessionFactorState> {
  return factorStanding(principal, principal.factor ?? (await secondFactorState(ex, principal.sessionId, principal.userId)));
}

/** The rule itself, from what is known of the session. */
export function factorStanding(principal: Pick<Principal, 'platformRole'>, s: FactorFacts): SessionFactorState {
  const required: FactorRequirement = principal.platformRole ? 'platform_staff' : s.orgRequires ? 'org_admin' : null;
  return { verified: s.verified, hasFactor: s.hasFactor, required, restricted: !s.verified && (s.hasFactor || required !== null) };
}

/**
 * Changing the factors of an account that has one takes a session that completed one: a
 * password alone must never add or remove a factor.
 */
export function requireVerifiedIfEnrolled(state: SessionFactorState): void {
  if (state.hasFactor && !state.verified) throw new AppError('second_factor_required', 'Sign in again with your second factor to change it.');
}
