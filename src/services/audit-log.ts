import { assertThat } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { type AuditRow, findAuditActions, findAuditPeople, listAudit } from '../store/queries/audit.queries.js';
import { listStores } from '../store/queries/store.queries.js';
import { openOrg, requirePermission } from './access.js';
import { type AuditChange, actionLabel, describeAuditRows } from './audit-words.js';
import type { RequestContext } from './context.js';
import { decodeCursor, encodeCursor, type Page } from './paging.js';

export interface AuditEventView {
  id: string;
  orgId: string | null;
  actorId: string | null;
  actorKind: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  ip: string | null;
  requestId: string | null;
  at: string;
  /** The event as a sentence for people, with names (issue 16 item 5). */
  summary: string;
  /** What changed, before → after per field, in words. */
  changes: AuditChange[];
}

export const auditView = (r: AuditRow, words?: { summary: string; changes: AuditChange[] }): AuditEventView => ({
  id: r.id,
  orgId: r.org_id,
  actorId: r.actor_id,
  actorKind: r.actor_kind,
  action: r.action,
  targetType: r.target_type,
  targetId: r.target_id,
  before: r.before === null ? null : JSON.parse(r.before),
  after: r.after === null ? null : JSON.parse(r.after),
  reason: r.reason,
  ip: r.ip,
  requestId: r.request_id,
  at: r.created_at,
  summary: words?.summary ?? `${actionLabel(r.action)}.`,
  changes: words?.changes ?? [],
});

export interface AuditFilter {
  actorId?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
  personId?: string | undefined;
  storeId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

async function page(deps: Deps, orgId: string | undefined, q: AuditFilter): Promise<Page<AuditEventView>> {
  const rows = await listAudit(deps.db, { ...q, orgId, before: decodeCursor(q.cursor)?.[0], limit: q.limit + 1 });
  const shown = rows.slice(0, q.limit);
  const words = await describeAuditRows(deps.db, shown);
  const items = shown.map((r) => auditView(r, words.get(r.id)));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

/** Seed 002 "User History": who changed what, newest first. */
export async function orgAudit(deps: Deps, ctx: RequestContext, orgId: string, q: AuditFilter) {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'audit:read');
  return page(deps, orgId, q);
}

/** Platform-wide log for support staff. */
export async function platformAudit(deps: Deps, ctx: RequestContext, q: AuditFilter) {
  assertThat(ctx.principal, 'unauthenticated');
  assertThat(ctx.principal.platformRole, 'not_found');
  return page(deps, undefined, q);
}

/** What the org's history can be filtered by: the people and actions it records, and the stores. */
export async function orgAuditChoices(deps: Deps, ctx: RequestContext, orgId: string) {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'audit:read');
  const people = await findAuditPeople(deps.db, orgId);
  const actions = await findAuditActions(deps.db, orgId);
  const stores = await listStores(deps.db, { orgId, limit: 1000 });
  return {
    people: people.map((p) => ({ id: p.id, name: p.label || p.email, email: p.email })),
    actions: actions.map((action) => ({ action, label: actionLabel(action) })).sort((a, b) => a.label.localeCompare(b.label)),
    stores: stores.map((s) => ({ id: s.id, name: s.name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}
