import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError, api } from '../api.js';
import { Link } from '../router.js';
import { isStaff, useMe } from '../session.js';
import type { MemberDetailT } from '../types.js';
import { Loading } from '../ui.js';
import { MemberPage } from './team/MemberPage.js';
import type { Workspace } from './team/workspace.js';

/**
 * The console's "not found": what is missing, in words, and a way back. Used for unknown paths
 * and for links to an organization or person that does not exist (or that this person cannot see:
 * the API answers both alike, so the page does too).
 */
export function NotFound({ title = 'Page not found', children }: { title?: string; children?: ReactNode }) {
  return (
    <section className="not-found" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{title}</h1>
      {children ?? <p>There is no page here. The address may be mistyped, or the page has moved.</p>}
      <p className="actions">
        <Link to="/">Go to your home page</Link>
        <button type="button" className="link" onClick={() => history.back()}>
          Go back
        </button>
      </p>
    </section>
  );
}

/** An org this person does not belong to (or that does not exist): the same words either way. */
export function OrgNotFound() {
  return (
    <NotFound title="We could not find that organization">
      <p>It does not exist, or you are not a member of it. Use the menu to open one of your organizations.</p>
    </NotFound>
  );
}

/** Whether a signed-in member may open this org's pages; support staff open orgs from the support pages. */
export function useKnownOrg(orgId: string): boolean {
  const me = useMe();
  return isStaff(me) || me.memberships.some((m) => m.org.id === orgId && m.status === 'active');
}

/**
 * A person's page, or words when the link names nobody in this organization. Shares the member
 * query (and its cache) with MemberPage.
 */
export function MemberOrNotFound({ ws, userId }: { ws: Workspace; userId: string }) {
  const detail = useQuery({
    queryKey: ['member', ws.orgId, userId],
    queryFn: () => api<MemberDetailT>('GET', `/orgs/${ws.orgId}/members/${userId}`),
    retry: false,
  });
  if (detail.isLoading) return <Loading />;
  if (detail.error instanceof ApiError && (detail.error.status === 404 || detail.error.status === 400)) {
    return (
      <NotFound title="We could not find that person">
        <p>
          Nobody with this link belongs to this organization: they may have been removed, or the link is incomplete. <Link to={`${ws.base}/team`}>Back to the team list</Link>
        </p>
      </NotFound>
    );
  }
  return <MemberPage ws={ws} userId={userId} />;
}
