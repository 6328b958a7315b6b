import { useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../api.js';
import type { MemberDetailT, MemberT, PageT } from '../../types.js';

export interface PersonName {
  name: string;
  email: string;
}

/**
 * Names for user ids shown in the history: the first page of the team (200 people) answers
 * most, and each id it misses is looked up once with `GET /members/{id}` (cached for the
 * session). People who left the org, or platform staff, stay as ids: the API does not reveal
 * them to merchants.
 */
export function usePeopleNames(orgId: string, ids: readonly string[]): Map<string, PersonName> {
  const team = useQuery({
    queryKey: ['member-names', orgId],
    queryFn: () => api<PageT<MemberT>>('GET', `/orgs/${orgId}/members?limit=200`).then((p) => p.items),
    staleTime: 60_000,
    retry: false,
  });
  const known = new Map<string, PersonName>();
  for (const m of team.data ?? []) known.set(m.userId, { name: `${m.firstName} ${m.lastName}`, email: m.email });
  // Only once the team page has answered (or failed), so ids it covers are not fetched one by one.
  const missing = team.isLoading ? [] : [...new Set(ids)].filter((id) => !known.has(id)).slice(0, 50);
  const singles = useQueries({
    queries: missing.map((id) => ({
      queryKey: ['member-name', orgId, id],
      queryFn: () => api<MemberDetailT>('GET', `/orgs/${orgId}/members/${id}`),
      staleTime: Number.POSITIVE_INFINITY,
      retry: false,
    })),
  });
  for (const q of singles) if (q.data) known.set(q.data.userId, { name: `${q.data.firstName} ${q.data.lastName}`, email: q.data.email });
  return known;
}
