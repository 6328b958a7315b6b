import type { Generated } from 'kysely';

/** A user's TOTP authenticator or passkey (see the 2026_11_30_1800 migration). */
export interface SecondFactorTable {
  id: string;
  user_id: string;
  kind: 'totp' | 'passkey';
  /** Shown to the user: "Authenticator app", a passkey's name. */
  label: string;
  /** Base32 TOTP secret; the server must read it to verify a code. */
  totp_secret: string | null;
  /** The last accepted 30-second step: a code is never accepted twice (RFC 6238 §5.2). */
  totp_last_step: number | null;
  /** WebAuthn credential id, base64url. */
  credential_id: string | null;
  /** COSE public key, base64url. */
  public_key: string | null;
  sign_count: Generated<number>;
  /** JSON array of WebAuthn transports. */
  transports: string | null;
  created_at: string;
  /** null while a TOTP enrolment waits for its first code. */
  confirmed_at: string | null;
  last_used_at: string | null;
}

/** Single-use recovery codes; only their sha256 is stored. */
export interface RecoveryCodeTable {
  id: string;
  user_id: string;
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

/** A right password waiting for its second factor: short-lived, hashed token, used once. */
export interface PendingSignInTable {
  id: string;
  token_hash: string;
  user_id: string;
  kind: 'cookie' | 'token';
  ip: string | null;
  user_agent: string | null;
  /** The WebAuthn challenge offered with it, when the user has passkeys. */
  challenge: string | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** A passkey registration in progress: one per user, the newest wins. */
export interface WebauthnChallengeTable {
  user_id: string;
  challenge: string;
  expires_at: string;
}

/** A session that completed a second factor (two-step sign-in, or enrolment in that session). */
export interface SessionSecondFactorTable {
  session_id: string;
  method: string;
  verified_at: string;
}
