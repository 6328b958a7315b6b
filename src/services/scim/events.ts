import type { Deps } from '../../container.js';
import { recentScimEvents } from '../../store/queries/scim.queries.js';
import { openOrg, requirePermission } from '../access.js';
import { describeAuditRows } from '../audit-words.js';
import type { RequestContext } from '../context.js';

export interface ScimEventView {
  id: string;
  at: string;
  action: string;
  tokenId: string | null;
  summary: string;
}

/** The newest changes the org's provisioning tokens made, in words (the Provisioning page). */
export async function listScimEvents(deps: Deps, ctx: RequestContext, orgId: string): Promise<{ items: ScimEventView[] }> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:manage');
  const rows = await recentScimEvents(deps.db, orgId, 50);
  const words = await describeAuditRows(deps.db, rows);
  return { items: rows.map((r) => ({ id: r.id, at: r.created_at, action: r.action, tokenId: r.actor_id, summary: words.get(r.id)?.summary ?? r.action })) };
}
