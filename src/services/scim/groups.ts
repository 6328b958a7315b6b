/**
 * SCIM Groups of one org. A group is the identity provider's; what it means here is the admin's
 * mapping of its display name to a role (group-mappings.ts). Membership changes are stored,
 * then each affected member's roles are brought in line (group-roles-sync.ts); a member the
 * token's creator may not change answers the refusal, and the stored membership stays as the
 * identity provider asked, so the next change or a mapping by a higher admin applies it.
 */
import type { Deps } from '../../container.js';
import { cleanText } from '../../domain/names.js';
import { parseScimFilter, readGroupPatch, type ScimGroupChange } from '../../domain/scim.js';
import { newId } from '../../lib/ids.js';
import { findMembership } from '../../store/queries/member.queries.js';
import {
  addScimGroupMember,
  deleteScimGroup,
  findScimGroup,
  insertScimGroup,
  listScimGroups,
  removeScimGroupMember,
  type ScimGroupRow,
  scimGroupMembers,
  updateScimGroup,
} from '../../store/queries/scim.queries.js';
import type { Tx } from '../../store/transaction.js';
import { inTransaction } from '../../store/transaction.js';
import { mapUniqueViolation } from '../../store/unique.js';
import { audit } from '../audit.js';
import { syncMembers } from './group-roles-sync.js';
import { groupResource, listResponse, paging } from './resources.js';
import { ScimError, scimNotFound, scimRefused } from './scim-error.js';
import type { ScimCaller } from './tokens.js';

async function resourceOf(deps: Deps, c: ScimCaller, base: string, groupId: string) {
  const g = await findScimGroup(deps.db, c.orgId, groupId);
  if (!g) throw scimNotFound('Group', groupId);
  return groupResource(base, g, await scimGroupMembers(deps.db, c.orgId, [g.id]));
}

export function getScimGroup(deps: Deps, c: ScimCaller, base: string, groupId: string) {
  return resourceOf(deps, c, base, groupId);
}

export async function listScimGroupsPage(deps: Deps, c: ScimCaller, base: string, q: { filter?: string | undefined; startIndex?: number | undefined; count?: number | undefined }) {
  const f = parseScimFilter(q.filter);
  if (!f.ok) throw scimRefused(f);
  const page = paging(q);
  if (f.value && f.value.attribute !== 'displayName' && f.value.attribute !== 'id') throw new ScimError(400, `Groups cannot be filtered by ${f.value.attribute}.`, 'invalidFilter');
  if (f.value?.attribute === 'id') {
    const g = await findScimGroup(deps.db, c.orgId, f.value.value);
    const items = g && page.offset === 0 && page.limit > 0 ? [groupResource(base, g, await scimGroupMembers(deps.db, c.orgId, [g.id]))] : [];
    return listResponse(items, g ? 1 : 0, page.startIndex);
  }
  const { total, rows } = await listScimGroups(deps.db, c.orgId, { displayName: f.value?.value, offset: page.offset, limit: page.limit });
  const members = await scimGroupMembers(deps.db, c.orgId, rows.map((r) => r.id));
  return listResponse(
    rows.map((g) => groupResource(base, g, members.filter((m) => m.group_id === g.id))),
    total,
    page.startIndex,
  );
}

function displayNameOf(v: unknown): string {
  const name = typeof v === 'string' ? cleanText(v) : null;
  if (!name || name.length > 200) throw new ScimError(400, 'displayName must be a non-empty name of at most 200 characters.', 'invalidValue');
  return name;
}

/** Only members of this org may be put in its groups: any other id is "no such user" (no probing). */
async function requireMembers(trx: Tx, orgId: string, ids: readonly string[]): Promise<void> {
  for (const id of ids) {
    if (!(await findMembership(trx, orgId, id))) throw new ScimError(400, `No user ${id} in this business.`, 'invalidValue');
  }
}

const clash = (name: string) => () => new ScimError(409, `A group named ${name} already exists.`, 'uniqueness');

/** Applies a change to a group in one transaction; returns the members whose roles may move. */
async function changeGroup(deps: Deps, c: ScimCaller, g: ScimGroupRow, change: ScimGroupChange): Promise<Set<string>> {
  const now = deps.clock().toISOString();
  const affected = new Set<string>();
  await mapUniqueViolation(
    () =>
      inTransaction(deps.db, async (trx) => {
        const before = (await scimGroupMembers(trx, c.orgId, [g.id])).map((m) => m.user_id);
        const name = change.displayName !== undefined ? displayNameOf(change.displayName) : g.display_name;
        const next = new Set(change.members ?? before);
        for (const id of change.add) next.add(id);
        for (const id of change.remove) next.delete(id);
        await requireMembers(trx, c.orgId, [...next].filter((id) => !before.includes(id)));
        for (const id of before) if (!next.has(id)) await removeScimGroupMember(trx, c.orgId, g.id, id);
        for (const id of next) if (!before.includes(id)) await addScimGroupMember(trx, c.orgId, g.id, id);
        const renamed = name !== g.display_name;
        await updateScimGroup(trx, c.orgId, g.id, { display_name: name, ...(change.externalId !== undefined ? { external_id: change.externalId } : {}), updated_at: now });
        const added = [...next].filter((id) => !before.includes(id));
        const removed = before.filter((id) => !next.has(id));
        for (const id of [...added, ...removed]) affected.add(id);
        // A renamed group may now match another mapping: all of its members follow.
        if (renamed) for (const id of next) affected.add(id);
        if (renamed || added.length || removed.length) {
          await audit(trx, c.ctx, deps.clock(), {
            orgId: c.orgId,
            action: 'scim_group.updated',
            targetType: 'scim_group',
            targetId: g.id,
            before: { displayName: g.display_name },
            after: { displayName: name, ...(added.length ? { added } : {}), ...(removed.length ? { removed } : {}) },
          });
        }
      }),
    clash(change.displayName ?? g.display_name),
  );
  return affected;
}

/** POST /Groups: a new group, with members if given. */
export async function createScimGroup(deps: Deps, c: ScimCaller, base: string, body: unknown) {
  const b = (body ?? {}) as { displayName?: unknown; externalId?: unknown; members?: unknown };
  const name = displayNameOf(b.displayName);
  const members = Array.isArray(b.members) ? b.members.map((m: { value?: unknown }) => String(m?.value ?? '')) : [];
  const iso = deps.clock().toISOString();
  const row: ScimGroupRow = { id: newId(), org_id: c.orgId, display_name: name, external_id: typeof b.externalId === 'string' ? b.externalId : null, created_at: iso, updated_at: iso };
  await mapUniqueViolation(
    () =>
      inTransaction(deps.db, async (trx) => {
        await requireMembers(trx, c.orgId, members);
        await insertScimGroup(trx, row);
        for (const id of members) await addScimGroupMember(trx, c.orgId, row.id, id);
        await audit(trx, c.ctx, deps.clock(), { orgId: c.orgId, action: 'scim_group.created', targetType: 'scim_group', targetId: row.id, after: { displayName: name, members } });
      }),
    clash(name),
  );
  await syncMembers(deps, c.ctx, c.orgId, members);
  return resourceOf(deps, c, base, row.id);
}

async function existing(deps: Deps, c: ScimCaller, groupId: string): Promise<ScimGroupRow> {
  const g = await findScimGroup(deps.db, c.orgId, groupId);
  if (!g) throw scimNotFound('Group', groupId);
  return g;
}

/** PATCH /Groups/{id}: members add/remove/replace and renames (Okta and Entra ID shapes). */
export async function patchScimGroup(deps: Deps, c: ScimCaller, base: string, groupId: string, body: unknown) {
  const read = readGroupPatch(body);
  if (!read.ok) throw scimRefused(read);
  const g = await existing(deps, c, groupId);
  await syncMembers(deps, c.ctx, c.orgId, await changeGroup(deps, c, g, read.value));
  return resourceOf(deps, c, base, groupId);
}

/** PUT /Groups/{id}: the whole group as the identity provider holds it. */
export async function replaceScimGroup(deps: Deps, c: ScimCaller, base: string, groupId: string, body: unknown) {
  const b = (body ?? {}) as { displayName?: unknown; externalId?: unknown; members?: unknown };
  const g = await existing(deps, c, groupId);
  const members = Array.isArray(b.members) ? b.members.map((m: { value?: unknown }) => String(m?.value ?? '')) : [];
  const change: ScimGroupChange = { displayName: displayNameOf(b.displayName), add: [], remove: [], members, ...(typeof b.externalId === 'string' ? { externalId: b.externalId } : {}) };
  await syncMembers(deps, c.ctx, c.orgId, await changeGroup(deps, c, g, change));
  return resourceOf(deps, c, base, groupId);
}

/** DELETE /Groups/{id}: its members lose what it gave them. */
export async function deleteScimGroupById(deps: Deps, c: ScimCaller, groupId: string): Promise<void> {
  const g = await existing(deps, c, groupId);
  const members = (await scimGroupMembers(deps.db, c.orgId, [g.id])).map((m) => m.user_id);
  await inTransaction(deps.db, async (trx) => {
    await deleteScimGroup(trx, c.orgId, g.id);
    await audit(trx, c.ctx, deps.clock(), { orgId: c.orgId, action: 'scim_group.deleted', targetType: 'scim_group', targetId: g.id, before: { displayName: g.display_name, members } });
  });
  await syncMembers(deps, c.ctx, c.orgId, members);
}
