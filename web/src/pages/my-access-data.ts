import type { Static } from '@sinclair/typebox';
import { useQuery } from '@tanstack/react-query';
import type { MyAccess } from '../../../src/contracts/my-access.contract.js';
import { api } from '../api.js';

export type MyAccessT = Static<typeof MyAccess>;

/** The caller's own access in one org (`GET /orgs/{orgId}/my-access`); any active member may ask. */
export function useMyAccess(orgId: string | undefined) {
  return useQuery({
    queryKey: ['my-access', orgId],
    queryFn: () => api<MyAccessT>('GET', `/orgs/${orgId}/my-access`),
    enabled: orgId !== undefined,
    staleTime: 30_000,
    retry: false,
  });
}

/**
 * Which org pages the caller may use, from what they hold org-wide: each page's list is
 * refused without it (members and roles: team:read; sessions: team:manage; history: audit:read).
 */
export function orgPagesFor(access: MyAccessT | undefined) {
  const held = new Set(access?.orgWidePermissions ?? []);
  return {
    team: held.has('team:read'),
    invitations: held.has('team:read'),
    roles: held.has('team:read'),
    sessions: held.has('team:manage'),
    history: held.has('audit:read'),
  };
}
