import { assertThat } from '../contracts/errors.js';
import { isActiveTopAdmin } from '../domain/invariants.js';
import type { Deps } from '../container.js';
import { loadSubject } from '../store/queries/member.queries.js';
import { findSessionById, type LiveSession, listLiveSessions } from '../store/queries/session-list.queries.js';
import { sessionEndedInOrg } from '../store/queries/session-org-end.queries.js';
import { revokeOrgMemberSessions, revokeSession, revokeUserSessions } from '../store/queries/session.queries.js';
import { inTransaction } from '../store/transaction.js';
import { actorId, type OrgAccess, openOrg, requireAuthorityOver, requirePermission, requireSupportReason } from './access.js';
import { audit } from './audit.js';
import { deviceName } from './device-name.js';
import type { RequestContext } from './context.js';
import { endSessionsForOrg } from './org-session-end.js';
import { decodeCursor, encodeCursor, type Page } from './paging.js';

export interface SessionView {
  id: string;
  userId: string;
  email: string;
  name: string;
  kind: 'cookie' | 'token';
  ip: string | null;
  userAgent: string | null;
  /** The user agent in words ("Chrome on Windows"). */
  device: string;
  startedAt: string;
  lastSeenAt: string;
  expiresAt: string;
  currentOrgId: string | null;
  currentStoreId: string | null;
  current: boolean;
}

/**
 * In an org's list, where a session is (its picked org and store) shows only when that is this
 * org: a person shared with another org must not reveal where else they work (SECURITY.md).
 */
function view(s: LiveSession, currentSessionId: string | undefined, orgId: string | undefined): SessionView {
  const here = orgId === undefined || s.current_org_id === orgId;
  return {
    id: s.id,
    userId: s.user_id,
    email: s.email,
    name: `${s.first_name} ${s.last_name}`.trim(),
    kind: s.kind,
    ip: s.ip,
    userAgent: s.user_agent,
    device: deviceName(s.user_agent),
    startedAt: s.created_at,
    lastSeenAt: s.last_seen_at,
    expiresAt: s.expires_at,
    currentOrgId: here ? s.current_org_id : null,
    currentStoreId: here ? s.current_store_id : null,
    current: s.id === currentSessionId,
  };
}

/**
 * Whether an end of this person's sessions reaches beyond the org: when it is their own doing
 * or support staff's (SECURITY.md, "one person, many orgs"). Any other admin's ends this org only.
 */
function endsEverywhere(org: OrgAccess, userId: string): boolean {
  return org.actor.kind === 'platform' || actorId(org.actor) === userId;
}

async function page(deps: Deps, ctx: RequestContext, filter: { userId?: string; orgId?: string }, q: { cursor?: string | undefined; limit: number }): Promise<Page<SessionView>> {
  const now = deps.clock();
  const after = decodeCursor(q.cursor)?.[0];
  const rows = await listLiveSessions(deps.db, {
    ...filter,
    now: now.toISOString(),
    idleSince: new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000).toISOString(),
    after,
    limit: q.limit + 1,
  });
  const items = rows.slice(0, q.limit).map((s) => view(s, ctx.principal?.sessionId, filter.orgId));
  const last = items.at(-1);
  return { items, nextCursor: rows.length > q.limit && last ? encodeCursor([last.id]) : null };
}

/** `GET /me/sessions`: the caller's own live sessions. */
export function listMySessions(deps: Deps, ctx: RequestContext, q: { cursor?: string | undefined; limit: number }): Promise<Page<SessionView>> {
  assertThat(ctx.principal, 'unauthenticated');
  return page(deps, ctx, { userId: ctx.principal.userId }, q);
}

/** `DELETE /me/sessions/{id}`: ends one of the caller's own sessions; another user's id answers 404. */
export async function endMySession(deps: Deps, ctx: RequestContext, sessionId: string): Promise<void> {
  const p = ctx.principal;
  assertThat(p, 'unauthenticated');
  const now = deps.clock();
  await inTransaction(deps.db, async (trx) => {
    const s = await findSessionById(trx, sessionId);
    assertThat(s && s.user_id === p.userId && !s.revoked_at, 'not_found', 'No such session.');
    await revokeSession(trx, s.id, now.toISOString(), 'ended_by_user');
    await audit(trx, ctx, now, { orgId: null, action: 'session.ended', targetType: 'session', targetId: s.id, after: { reason: 'ended_by_user', userId: s.user_id } });
  });
}

/**
 * `GET /orgs/{orgId}/sessions`: who of this org is signed in (SPEC rule 10, seed 004's planned
 * sessions viewer). Non-members get 404, members without org-wide `team:manage` 403 (rule 1).
 */
export async function listOrgSessions(deps: Deps, ctx: RequestContext, orgId: string, q: { cursor?: string | undefined; limit: number }): Promise<Page<SessionView>> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  requirePermission(org, 'team:manage');
  return page(deps, ctx, { orgId }, q);
}

/**
 * `DELETE /orgs/{orgId}/sessions/{id}`: ends a session of a member of this org, audited in the
 * org's log. A session of someone outside the org answers 404, like an unknown id.
 */
export async function endOrgSession(deps: Deps, ctx: RequestContext, orgId: string, sessionId: string, reason: string | undefined): Promise<void> {
  const now = deps.clock();
  await inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:manage');
    requireSupportReason(org, reason);
    const s = await findSessionById(trx, sessionId);
    const member = s ? await loadSubject(trx, orgId, s.user_id) : undefined;
    const endedHere = s ? await sessionEndedInOrg(trx, s.id, orgId) : true;
    assertThat(s && member?.membershipStatus && !s.revoked_at && !endedHere, 'not_found', 'No such session.');
    requireAuthorityOver(org, member);
    const scope = endsEverywhere(org, s.user_id) ? 'everywhere' : 'org';
    if (scope === 'everywhere') await revokeSession(trx, s.id, now.toISOString(), 'ended_by_admin');
    else await endSessionsForOrg(trx, orgId, now, 'ended_by_admin', { sessionId: s.id });
    await audit(trx, ctx, now, { orgId, action: 'session.ended', targetType: 'session', targetId: s.id, after: { reason: 'ended_by_admin', userId: s.user_id, scope }, reason });
  });
}

/**
 * Ends every live session of one member, on every device (a lost phone, a shared till login).
 * The same authority as suspending them: ranked below the caller, and in a manager's stores.
 * Sessions belong to the person, not the org: an admin's end reaches this org only (their other
 * orgs keep working); your own "sign me out everywhere" and support staff's end them everywhere.
 */
export async function endMemberSessions(deps: Deps, ctx: RequestContext, orgId: string, userId: string, reason: string | undefined): Promise<{ ended: number }> {
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    // The rest of the authority (team permission in the member's stores, rank) is requireAuthorityOver's.
    requirePermission(org, 'team:read');
    requireSupportReason(org, reason);
    const target = await loadSubject(trx, orgId, userId);
    assertThat(target?.membershipStatus, 'not_found', 'No such member in this organization.');
    requireAuthorityOver(org, target);
    const self = actorId(org.actor) === userId;
    const scope = endsEverywhere(org, userId) ? 'everywhere' : 'org';
    // Your own "sign me out everywhere" keeps the session you are using.
    const ended =
      scope === 'everywhere'
        ? await revokeUserSessions(trx, userId, now.toISOString(), 'ended_by_admin', self ? ctx.principal?.sessionId : undefined)
        : await endSessionsForOrg(trx, orgId, now, 'ended_by_admin', { userId });
    await audit(trx, ctx, now, { orgId, action: 'session.ended', targetType: 'user', targetId: userId, after: { reason: 'ended_by_admin', count: ended, scope }, reason });
    return { ended };
  });
}

/**
 * Signs out every member of the org except the caller's own session (after a leaked shared
 * password, say). Top admins and support staff only: it reaches people of every rank. A top
 * admin's sign-out ends access to this org only; members who also work elsewhere stay signed
 * in there. Support staff's ends the members' sessions everywhere.
 */
export async function endAllOrgSessions(deps: Deps, ctx: RequestContext, orgId: string, reason: string | undefined): Promise<{ ended: number }> {
  const now = deps.clock();
  return inTransaction(deps.db, async (trx) => {
    const org = await openOrg(trx, ctx.principal, orgId);
    requirePermission(org, 'team:manage');
    requireSupportReason(org, reason);
    const top = org.actor.kind === 'platform' || isActiveTopAdmin(org.ctx, org.actor.subject);
    assertThat(top, 'forbidden', 'Only top admins and support staff can sign everyone out.');
    const scope = org.actor.kind === 'platform' ? 'everywhere' : 'org';
    const except = ctx.principal?.sessionId;
    const ended =
      scope === 'everywhere'
        ? await revokeOrgMemberSessions(trx, orgId, now.toISOString(), 'ended_by_admin', except)
        : await endSessionsForOrg(trx, orgId, now, 'ended_by_admin', { orgMembers: true }, except);
    await audit(trx, ctx, now, { orgId, action: 'session.ended_all', targetType: 'org', targetId: orgId, after: { reason: 'ended_by_admin', count: ended, scope }, reason });
    return { ended };
  });
}
