import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';
import { useRoles } from '../../org-data.js';
import { isStaff, useMe } from '../../session.js';
import type { AccessT } from '../../types.js';
import type { Workspace } from './workspace.js';

/** What the signed-in person may do on the Roles page, and the limits the API will enforce. */
export interface RoleAdmin {
  /** Holds `team:manage` and `org:update` org-wide (src/services/roles.ts `withRoleAdmin`). */
  canManage: boolean;
  /** Custom roles must rank below this (their own highest rank; for support staff, the top admin role). */
  rankLimit: number;
  /** Permissions they hold org-wide; null = no limit (support staff act for the merchant). */
  held: ReadonlySet<string> | null;
  loading: boolean;
}

/**
 * Derives the role-administration rights from the person's own effective access
 * (`GET /members/{self}/access`, which every member may read about themselves), so the page
 * offers create/edit/delete only when the API would accept them. The API still decides.
 */
export function useRoleAdmin(ws: Workspace): RoleAdmin {
  const me = useMe();
  const roles = useRoles(ws.orgId);
  const staff = isStaff(me);
  const self = useQuery({
    queryKey: ['access', ws.orgId, me.user.id],
    queryFn: () => api<AccessT>('GET', `/orgs/${ws.orgId}/members/${me.user.id}/access`),
    enabled: !staff,
    retry: false,
  });
  const list = roles.data ?? [];
  const topRank = Math.max(0, ...list.filter((r) => r.topAdmin).map((r) => r.rank));
  if (staff) return { canManage: true, rankLimit: topRank, held: null, loading: roles.isLoading };
  const membership = me.memberships.find((m) => m.org.id === ws.orgId);
  const ownRank = Math.max(0, ...(membership?.roles ?? []).map((a) => list.find((r) => r.key === a.role)?.rank ?? 0));
  const held = new Set((self.data?.orgWide ?? []).map((g) => g.permission));
  return {
    canManage: membership?.status === 'active' && held.has('team:manage') && held.has('org:update'),
    // Custom roles may not reach the top admin role's rank either.
    rankLimit: Math.min(ownRank, topRank),
    held,
    loading: roles.isLoading || self.isLoading,
  };
}
