import type { Config } from '../config.js';

/**
 * The WebAuthn relying party is the configured public URL, never the request's Host: its
 * hostname is the RP ID a passkey is bound to, and its origin (plus ALLOWED_ORIGINS, e.g. a
 * console dev server) is where a ceremony may come from. Browsers allow http only on localhost.
 */
export function relyingParty(config: Pick<Config, 'publicUrl' | 'allowedOrigins'>): { rpID: string; rpName: string; origins: string[] } {
  const url = new URL(config.publicUrl);
  const origins = [url.origin, ...config.allowedOrigins.map((o) => new URL(o).origin)];
  return { rpID: url.hostname, rpName: 'Rolecall', origins: [...new Set(origins)] };
}

/** A passkey ceremony (registration or sign-in) must finish within this. */
export const CEREMONY_MS = 5 * 60_000;
