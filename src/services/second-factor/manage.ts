import { AppError, assertThat } from '../../contracts/errors.js';
import type { Deps } from '../../container.js';
import { countUnusedRecoveryCodes, deleteAllSecondFactors, deleteFactor, listFactors } from '../../store/queries/second-factor.queries.js';
import { inTransaction } from '../../store/transaction.js';
import { audit } from '../audit.js';
import type { RequestContext } from '../context.js';
import { issueRecoveryCodes } from './recovery-codes.js';
import { type FactorRequirement, requireVerifiedIfEnrolled, sessionFactorState } from './state.js';

export interface SecondFactorStatus {
  required: FactorRequirement;
  restricted: boolean;
  sessionVerified: boolean;
  factors: { id: string; kind: 'totp' | 'passkey'; label: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
}

/** `GET /me/second-factor`: what the caller has, whether they must, and whether this session may only enrol. */
export async function getSecondFactorStatus(deps: Deps, ctx: RequestContext): Promise<SecondFactorStatus> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const state = await sessionFactorState(deps.db, p);
  const factors = await listFactors(deps.db, p.userId);
  return {
    required: state.required,
    restricted: state.restricted,
    sessionVerified: state.verified,
    factors: factors.map((f) => ({ id: f.id, kind: f.kind, label: f.label, createdAt: f.created_at, lastUsedAt: f.last_used_at })),
    recoveryCodesLeft: await countUnusedRecoveryCodes(deps.db, p.userId),
  };
}

/**
 * Removes one of the caller's factors (from a session that completed one). Someone who must
 * use a factor cannot remove their last one; with the last one gone the recovery codes go too.
 */
export async function removeFactor(deps: Deps, ctx: RequestContext, factorId: string): Promise<void> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const state = await sessionFactorState(deps.db, p);
  requireVerifiedIfEnrolled(state);
  const now = deps.clock();
  await inTransaction(deps.db, async (trx) => {
    const factors = await listFactors(trx, p.userId);
    const factor = factors.find((f) => f.id === factorId);
    assertThat(factor, 'not_found', 'No such second factor.');
    const last = factors.length === 1;
    if (last && state.required) throw new AppError('conflict', 'Your account must keep a second factor; add another one before removing this one.');
    await deleteFactor(trx, p.userId, factor.id);
    if (last) await deleteAllSecondFactors(trx, p.userId, now.toISOString());
    await audit(trx, ctx, now, { orgId: null, action: 'second_factor.removed', targetType: 'user', targetId: p.userId, after: { kind: factor.kind, factorId: factor.id, last } });
  });
}

/** New recovery codes (the old ones stop working), shown once. Needs a factor and a session that completed it. */
export async function regenerateRecoveryCodes(deps: Deps, ctx: RequestContext): Promise<{ recoveryCodes: string[] }> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const state = await sessionFactorState(deps.db, p);
  assertThat(state.hasFactor, 'conflict', 'Set up a second factor first.');
  requireVerifiedIfEnrolled(state);
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    const recoveryCodes = await issueRecoveryCodes(trx, p.userId, now);
    await audit(trx, ctx, now, { orgId: null, action: 'second_factor.recovery_codes_regenerated', targetType: 'user', targetId: p.userId });
    return { recoveryCodes };
  });
}
