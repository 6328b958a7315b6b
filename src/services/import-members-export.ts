/**
 * GET …/members/export.csv: the team in the import's columns, so a file exported here imports
 * back as `unchanged`. Cells that a spreadsheet would run as a formula are neutralised
 * (csvCell), and the importer reads such a cell back without the added quote mark.
 */
import { IMPORT_COLUMNS } from '../domain/import-columns.js';
import type { Deps } from '../container.js';
import type { RoleAssignment } from '../domain/types.js';
import { customerNumbersOf, memberAudiences, profilesOfOrg, storeCodesOf } from '../store/queries/import.queries.js';
import { listMembers } from '../store/queries/member-list.queries.js';
import { loadGrants } from '../store/queries/member.queries.js';
import { openOrg, type OrgAccess, requirePermission } from './access.js';
import { csvRow } from './audit-export.js';
import type { RequestContext } from './context.js';

const PAGE = 1000;

/**
 * The role and stores cells of a member: role names joined by `;`, and the stores of their
 * store-level roles. (Someone holding two store roles in different stores exports the union,
 * which imports back as a difference; the member page shows them exactly.)
 */
function roleCells(org: OrgAccess, assignments: readonly RoleAssignment[], storeCode: ReadonlyMap<string, string>): [string, string] {
  const roles = assignments.map((a) => org.ctx.roles.get(a.role)?.name ?? a.role);
  const stores = [...new Set(assignments.flatMap((a) => a.storeIds ?? []))].map((s) => storeCode.get(s) ?? s).sort();
  return [roles.join(';'), stores.join(';')];
}

/** Checks access, then streams the CSV a page of members at a time. */
export async function exportMembersCsv(deps: Deps, ctx: RequestContext, orgId: string): Promise<AsyncGenerator<string>> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:read');
  const [stores, profiles, customers] = await Promise.all([storeCodesOf(deps.db, orgId), profilesOfOrg(deps.db, orgId), customerNumbersOf(deps.db, orgId)]);
  const storeCode = new Map(stores.map((s) => [s.id, s.code]));
  const profileName = new Map(profiles.map((p) => [p.id, p.name]));
  const customerNumber = new Map(customers.map((c) => [c.id, c.number ?? '']));
  async function* lines(): AsyncGenerator<string> {
    yield csvRow(IMPORT_COLUMNS);
    let after: { key: string; userId: string } | undefined;
    for (;;) {
      const rows = await listMembers(deps.db, { orgId, sort: 'name', after, limit: PAGE });
      if (rows.length === 0) return;
      const ids = rows.map((r) => r.user_id);
      const [grants, extra] = await Promise.all([loadGrants(deps.db, orgId, ids), memberAudiences(deps.db, orgId, ids)]);
      const membership = new Map(extra.memberships.map((m) => [m.user_id, m]));
      let chunk = '';
      for (const r of rows) {
        const m = membership.get(r.user_id);
        const [role, storeCell] = roleCells(org, grants.get(r.user_id)?.assignments ?? [], storeCode);
        const accounts = extra.customers.filter((c) => c.user_id === r.user_id).map((c) => customerNumber.get(c.customer_id) ?? '');
        const audience = m?.audience ?? 'staff';
        chunk += csvRow([r.email, r.first_name, r.last_name, r.phone, role, storeCell, audience === 'staff' ? '' : audience, m?.profile_id ? (profileName.get(m.profile_id) ?? '') : '', accounts.sort().join(';')]);
      }
      yield chunk;
      const last = rows.at(-1);
      if (!last || rows.length < PAGE) return;
      after = { key: last.search_key, userId: last.user_id };
    }
  }
  return lines();
}
