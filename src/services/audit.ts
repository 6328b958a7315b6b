import type { Executor } from '../store/database.js';
import { type AuditInput, insertAudit, insertAudits } from '../store/queries/audit.queries.js';
import type { RequestContext } from './context.js';

export interface AuditFacts {
  orgId: string | null;
  action: string;
  targetType?: string | undefined;
  targetId?: string | undefined;
  before?: unknown;
  after?: unknown;
  reason?: string | undefined;
}

/** The event: the facts, and who did it from where (a token acting for its creator is named as the token). */
function auditInput(ctx: RequestContext, at: string, f: AuditFacts): AuditInput {
  const p = ctx.principal;
  return {
    orgId: f.orgId,
    action: f.action,
    targetType: f.targetType,
    targetId: f.targetId,
    before: f.before,
    after: f.after,
    reason: f.reason,
    actorId: p?.via ? p.via.tokenId : (p?.userId ?? null),
    actorKind: p?.via ? p.via.kind : p ? (p.platformRole ? 'platform' : 'user') : 'system',
    ip: ctx.ip,
    requestId: ctx.requestId,
    at,
  };
}

/** Writes the audit event for a change, inside the caller's transaction (SPEC rule 11). */
export function audit(ex: Executor, ctx: RequestContext, at: Date, facts: AuditFacts): Promise<void> {
  return insertAudit(ex, auditInput(ctx, at.toISOString(), facts));
}

/** The events of a bulk change (one per person), inside the caller's transaction. */
export function auditAll(ex: Executor, ctx: RequestContext, at: Date, facts: readonly AuditFacts[]): Promise<void> {
  const iso = at.toISOString();
  return insertAudits(
    ex,
    facts.map((f) => auditInput(ctx, iso, f)),
  );
}
