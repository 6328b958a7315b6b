/**
 * CSV export of the user history (seed 002; issue 5 item 6). Streamed in keyset pages so a long
 * history never sits in memory; the same filters as the JSON list.
 */
import type { Deps } from '../container.js';
import { listAudit } from '../store/queries/audit.queries.js';
import { findUserEmails } from '../store/queries/user.queries.js';
import { openOrg, requirePermission } from './access.js';
import type { AuditFilter } from './audit-log.js';
import { describeAuditRows } from './audit-words.js';
import type { RequestContext } from './context.js';

const COLUMNS = ['at', 'id', 'actorId', 'actorEmail', 'actorKind', 'action', 'targetType', 'targetId', 'before', 'after', 'reason', 'ip', 'requestId', 'summary'] as const;
const PAGE = 500;

/**
 * One CSV cell. A value starting with = + - @ tab or CR is prefixed with ' so a spreadsheet shows
 * it as text instead of running it as a formula (ASVS 1.2.10, OWASP CSV injection); every cell
 * is quoted, quotes doubled (RFC 4180).
 */
export function csvCell(value: string | null | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return `"${v.replace(/"/g, '""')}"`;
}

export function csvRow(values: readonly (string | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}

export type AuditExportFilter = Omit<AuditFilter, 'cursor' | 'limit'>;

/** One keyset page as CSV text, and the id to continue before (undefined on the last page). */
async function readPage(deps: Deps, orgId: string, q: AuditExportFilter, before: string | undefined): Promise<{ chunk: string; next: string | undefined }> {
  const page = await listAudit(deps.db, { ...q, orgId, before, limit: PAGE });
  const actorIds = [...new Set(page.map((r) => r.actor_id).filter((id): id is string => id !== null))];
  const actors = await findUserEmails(deps.db, actorIds);
  const emailOf = new Map(actors.map((a) => [a.id, a.email]));
  const words = await describeAuditRows(deps.db, page);
  let chunk = '';
  for (const r of page) {
    chunk += csvRow([r.created_at, r.id, r.actor_id, r.actor_id ? emailOf.get(r.actor_id) : '', r.actor_kind, r.action, r.target_type, r.target_id, r.before, r.after, r.reason, r.ip, r.request_id, words.get(r.id)?.summary]);
  }
  return { chunk, next: page.length < PAGE ? undefined : page.at(-1)?.id };
}

/**
 * Checks access and reads the first page before anything is sent, so a refusal or a failing
 * query answers a normal problem+json instead of a 200 cut off after the header; then returns
 * the rows as CSV text chunks, newest first. (A later page can still fail mid-stream: the client
 * then sees the connection end early, never a complete-looking file.)
 */
export async function exportOrgAudit(deps: Deps, ctx: RequestContext, orgId: string, q: AuditExportFilter): Promise<AsyncGenerator<string>> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'audit:read');
  const first = await readPage(deps, orgId, q, undefined);
  async function* rows(): AsyncGenerator<string> {
    yield csvRow(COLUMNS) + first.chunk;
    let next = first.next;
    while (next !== undefined) {
      const page = await readPage(deps, orgId, q, next);
      if (page.chunk) yield page.chunk;
      next = page.next;
    }
  }
  return rows();
}
