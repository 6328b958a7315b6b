import type { PlatformRole } from '../domain/types.js';

/** Who is calling: a signed-in user, possibly platform staff. */
export interface Principal {
  userId: string;
  sessionId: string;
  platformRole: PlatformRole | null;
}

/** Per-request facts every audited use-case needs. */
export interface RequestContext {
  principal: Principal | null;
  ip: string | undefined;
  requestId: string | undefined;
}
