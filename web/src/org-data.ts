import { useQuery } from '@tanstack/react-query';
import { api, qs } from './api.js';
import type { InviteOptionsT, OrgT, PageT, RoleT, StoreT } from './types.js';

/**
 * Every store of an org, page by page (org pages show names, not ids; seed 001: everyone sees
 * names and addresses). Pickers search on the server instead; this is for naming stores.
 */
export function useStores(orgId: string) {
  return useQuery({
    queryKey: ['stores', orgId],
    queryFn: async () => {
      const all: StoreT[] = [];
      let cursor: string | undefined;
      do {
        const page = await api<PageT<StoreT>>('GET', `/orgs/${orgId}/stores${qs({ limit: 200, cursor })}`);
        all.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return all;
    },
  });
}

export function useRoles(orgId: string) {
  return useQuery({ queryKey: ['roles', orgId], queryFn: () => api<PageT<RoleT>>('GET', `/orgs/${orgId}/roles`).then((p) => p.items) });
}

export function useOrg(orgId: string) {
  return useQuery({ queryKey: ['org', orgId], queryFn: () => api<OrgT>('GET', `/orgs/${orgId}`) });
}

export function useInviteOptions(orgId: string) {
  return useQuery({ queryKey: ['invite-options', orgId], queryFn: () => api<InviteOptionsT>('GET', `/orgs/${orgId}/invitations/options`) });
}

/** "Store manager in Store 1, Store 2" from an assignment. */
export function describeAssignment(a: { role: string; storeIds?: readonly string[] | undefined }, roles: RoleT[] | undefined, stores: StoreT[] | undefined): string {
  const role = roles?.find((r) => r.key === a.role)?.name ?? a.role;
  if (!a.storeIds?.length) return `${role} (all stores)`;
  const names = a.storeIds.map((id) => stores?.find((s) => s.id === id)?.name ?? id);
  return `${role} in ${names.join(', ')}`;
}
