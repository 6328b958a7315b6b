import type { Deps } from '../../container.js';
import { findOidcProvider, linkedOrgOf } from '../../store/queries/oidc.queries.js';
import type { RequestContext } from '../context.js';
import { client, discover } from './client.js';

/**
 * Where a person who signs in through their provider goes after signing out here: the
 * provider's end-session endpoint (OpenID Connect RP-initiated logout), back to the sign-in
 * page. Null for password users and providers without one.
 */
export async function ssoLogoutUrl(deps: Deps, ctx: RequestContext): Promise<string | null> {
  const userId = ctx.principal?.userId;
  const orgId = userId ? await linkedOrgOf(deps.db, userId) : undefined;
  const p = orgId ? await findOidcProvider(deps.db, orgId) : undefined;
  if (!p) return null;
  try {
    const config = await discover({ issuer: p.issuer, clientId: p.client_id, clientSecret: p.client_secret });
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { client_id: p.client_id, post_logout_redirect_uri: `${deps.config.publicUrl}/sign-in` }).href;
  } catch {
    return null;
  }
}
