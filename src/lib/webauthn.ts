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

type SimpleWebAuthn = typeof import('@simplewebauthn/server');
let loading: Promise<SimpleWebAuthn> | undefined;

/**
 * @simplewebauthn/server (with its X.509/ASN.1 parsers, ~0.5 MB of code) loaded on the first
 * passkey ceremony rather than at start: most processes never see one (bench section 8). The four
 * functions the second-factor services call, with the library's own signatures; import them from
 * here, not from the package, so the server starts without it (the bundle puts it in a chunk of
 * its own, scripts/bundle-server.mjs).
 */
const simpleWebAuthn = (): Promise<SimpleWebAuthn> => (loading ??= import('@simplewebauthn/server'));

export const generateRegistrationOptions: SimpleWebAuthn['generateRegistrationOptions'] = async (options) => (await simpleWebAuthn()).generateRegistrationOptions(options);
export const verifyRegistrationResponse: SimpleWebAuthn['verifyRegistrationResponse'] = async (options) => (await simpleWebAuthn()).verifyRegistrationResponse(options);
export const generateAuthenticationOptions: SimpleWebAuthn['generateAuthenticationOptions'] = async (options) => (await simpleWebAuthn()).generateAuthenticationOptions(options);
export const verifyAuthenticationResponse: SimpleWebAuthn['verifyAuthenticationResponse'] = async (options) => (await simpleWebAuthn()).verifyAuthenticationResponse(options);
