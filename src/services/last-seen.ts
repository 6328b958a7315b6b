import type { Deps } from '../container.js';
import { setMembershipLastSeen } from '../store/queries/member.queries.js';
import type { Principal } from './context.js';

/** A member's "Last seen" moves at most this often per session and org. */
const EVERY_MS = 60_000;
/** Past this many remembered (session, org) pairs the memory starts over: at worst one extra write each. */
const MAX_REMEMBERED = 50_000;

export type LastSeenRecorder = (principal: Principal, orgId: string) => void;

/**
 * Records that a member used an org (the Team page's "Last seen"): the org a request addressed,
 * not every org of the user, so one org's admins do not learn of activity in another org.
 *
 * Off the request's path (after the reply) and throttled in this process's memory, so a busy
 * session costs one small write a minute rather than one per request. Losing a write costs
 * little: the next request a minute later makes it again. Several instances each write at most
 * once a minute per session.
 */
export function createLastSeenRecorder(deps: Pick<Deps, 'db' | 'clock' | 'afterReply'>): LastSeenRecorder {
  const writtenAt = new Map<string, number>();
  return (principal, orgId) => {
    const now = deps.clock();
    const key = `${principal.sessionId} ${orgId}`;
    const last = writtenAt.get(key);
    if (last !== undefined && now.getTime() - last < EVERY_MS) return;
    if (writtenAt.size >= MAX_REMEMBERED) writtenAt.clear();
    writtenAt.set(key, now.getTime());
    deps.afterReply.run('last seen', () => setMembershipLastSeen(deps.db, orgId, principal.userId, now.toISOString()));
  };
}
