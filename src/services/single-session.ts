import type { Executor } from '../store/database.js';
import { anySingleSessionOrgOf } from '../store/queries/org.queries.js';

/**
 * SPEC rule 10 / SECURITY.md concurrent-session policy: one active session per user when any
 * org they are a member of keeps `single_session` on (the default). The strictest org wins,
 * because a session is user-wide and can reach every org of the user. Platform staff with no
 * membership may hold several sessions.
 */
export function singleSessionApplies(ex: Executor, userId: string): Promise<boolean> {
  return anySingleSessionOrgOf(ex, userId);
}
