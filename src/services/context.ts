import type { PlatformRole } from '../domain/types.js';
import type { FactorFacts } from './access-cache.js';

/** Who is calling: a signed-in user, possibly platform staff. */
export interface Principal {
  userId: string;
  sessionId: string;
  platformRole: PlatformRole | null;
  /** Known from the session's cache entry when authenticated through it; read when absent. */
  factor?: FactorFacts;
  endedOrgIds?: ReadonlySet<string>;
  /**
   * Set when a provisioning (SCIM) token acts: it acts with the authority of the member who
   * created it (`userId`), and the audit log names the token as the actor.
   */
  via?: { kind: 'scim_token'; tokenId: string };
}

/** Per-request facts every audited use-case needs. */
export interface RequestContext {
  principal: Principal | null;
  ip: string | undefined;
  requestId: string | undefined;
}
