/** Rolecall rows as SCIM resources (RFC 7643 §4), and the ListResponse around them. */
import type { ScimGroupRow, ScimUserRow } from '../../store/queries/scim.queries.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const LIST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';
export const PATCH_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

/**
 * A member as a SCIM User. `active` is false when the membership is suspended or the account
 * deactivated: either way they have no access here.
 */
export function userResource(base: string, u: ScimUserRow, groups: readonly { id: string; display_name: string }[]) {
  const name = `${u.first_name} ${u.last_name}`.trim();
  return {
    schemas: [USER_SCHEMA],
    id: u.id,
    ...(u.external_id !== null ? { externalId: u.external_id } : {}),
    userName: u.email,
    name: { givenName: u.first_name, familyName: u.last_name, ...(name ? { formatted: name } : {}) },
    ...(name ? { displayName: name } : {}),
    emails: [{ value: u.email, type: 'work', primary: true }],
    active: u.membership_status === 'active' && u.user_status === 'active',
    groups: groups.map((g) => ({ value: g.id, display: g.display_name, $ref: `${base}/Groups/${g.id}` })),
    meta: { resourceType: 'User', created: u.created_at, lastModified: u.updated_at, location: `${base}/Users/${u.id}` },
  };
}

export function groupResource(base: string, g: ScimGroupRow, members: readonly { user_id: string; email: string }[]) {
  return {
    schemas: [GROUP_SCHEMA],
    id: g.id,
    ...(g.external_id !== null ? { externalId: g.external_id } : {}),
    displayName: g.display_name,
    members: members.map((m) => ({ value: m.user_id, display: m.email, $ref: `${base}/Users/${m.user_id}` })),
    meta: { resourceType: 'Group', created: g.created_at, lastModified: g.updated_at, location: `${base}/Groups/${g.id}` },
  };
}

export function listResponse<T>(resources: T[], total: number, startIndex: number) {
  return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: resources.length, Resources: resources };
}

/** SCIM paging: 1-based `startIndex`, `count` capped (RFC 7644 §3.4.2.4). */
export function paging(q: { startIndex?: number | undefined; count?: number | undefined }): { startIndex: number; offset: number; limit: number } {
  const startIndex = Math.max(1, Math.floor(q.startIndex ?? 1));
  const limit = Math.min(200, Math.max(0, Math.floor(q.count ?? 100)));
  return { startIndex, offset: startIndex - 1, limit };
}
