import type { Executor } from '../store/database.js';
import { insertAudit } from '../store/queries/audit.queries.js';
import type { RequestContext } from './context.js';

export interface AuditFacts {
  orgId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
  reason?: string | undefined;
}

/** Writes the audit event for a change, inside the caller's transaction (SPEC rule 11). */
export function audit(ex: Executor, ctx: RequestContext, at: Date, facts: AuditFacts): Promise<void> {
  const p = ctx.principal;
  return insertAudit(ex, {
    ...facts,
    actorId: p?.via ? p.via.tokenId : (p?.userId ?? null),
    actorKind: p?.via ? p.via.kind : p ? (p.platformRole ? 'platform' : 'user') : 'system',
    ip: ctx.ip,
    requestId: ctx.requestId,
    at: at.toISOString(),
  });
}
