/**
 * The OpenID Connect client, through `openid-client` (discovery, PKCE, state, nonce and every
 * ID token check are the library's). Plain-HTTP issuers are allowed only on the loopback
 * interface (a provider started on this machine for tests or development), never elsewhere.
 */
import * as client from 'openid-client';

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
}

const LOOPBACK = new Set(['127.0.0.1', '[::1]', 'localhost']);

/** True for an `http://` issuer on this machine; the only plain-HTTP issuer accepted. */
export function isLoopbackHttp(issuer: URL): boolean {
  return issuer.protocol === 'http:' && LOOPBACK.has(issuer.hostname);
}

/** A plain sentence for an issuer that is not an https URL (or http on loopback). */
export function issuerProblem(issuer: string): string | null {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return 'The issuer must be the full https address of your identity provider.';
  }
  if (url.protocol === 'https:' || isLoopbackHttp(url)) return null;
  return 'The issuer must be an https address.';
}

/** Discovers the provider's metadata and keys (from the issuer) into a client configuration. */
export function discover(p: ProviderSettings): Promise<client.Configuration> {
  const issuer = new URL(p.issuer);
  const execute = isLoopbackHttp(issuer) ? [client.allowInsecureRequests] : [];
  return client.discovery(issuer, p.clientId, p.clientSecret ?? undefined, p.clientSecret ? undefined : client.None(), { execute, timeout: 10 });
}

export { client };
