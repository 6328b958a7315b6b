import type { Selectable } from 'kysely';
import { newId } from '../../lib/ids.js';
import type { Executor } from '../database.js';
import type { AuditEventTable } from '../schema/audit-event.table.js';

export type AuditRow = Selectable<AuditEventTable>;

export interface AuditInput {
  orgId: string | null;
  actorId: string | null;
  actorKind: 'user' | 'platform' | 'system';
  action: string;
  targetType?: string | undefined;
  targetId?: string | undefined;
  before?: unknown;
  after?: unknown;
  reason?: string | undefined;
  ip?: string | undefined;
  requestId?: string | undefined;
  at: string;
}

/** Appends one event. Call it with the same transaction as the change it records (SPEC rule 11). */
export async function insertAudit(ex: Executor, e: AuditInput): Promise<void> {
  await ex
    .insertInto('audit_events')
    .values({
      id: newId(),
      org_id: e.orgId,
      actor_id: e.actorId,
      actor_kind: e.actorKind,
      action: e.action,
      target_type: e.targetType ?? null,
      target_id: e.targetId ?? null,
      before: e.before === undefined ? null : JSON.stringify(e.before),
      after: e.after === undefined ? null : JSON.stringify(e.after),
      reason: e.reason ?? null,
      ip: e.ip ?? null,
      request_id: e.requestId ?? null,
      created_at: e.at,
    })
    .execute();
}

export interface AuditQuery {
  /** undefined: platform-wide (support staff only). */
  orgId?: string | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Newest first: the id of the last row already seen. */
  before?: string | undefined;
  limit: number;
}

export function listAudit(ex: Executor, q: AuditQuery): Promise<AuditRow[]> {
  let query = ex.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.orgId) query = query.where('org_id', '=', q.orgId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.from) query = query.where('created_at', '>=', q.from);
  if (q.to) query = query.where('created_at', '<', q.to);
  if (q.before) query = query.where('id', '<', q.before);
  return query.execute();
}
