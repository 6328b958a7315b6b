import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

/** RFC 6238 defaults every authenticator app understands: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;

/** A new 160-bit secret (RFC 4226 §4 recommends 160), base32 as apps expect it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secret: string, account: string): TOTP {
  return new TOTP({ issuer: 'Rolecall', label: account, algorithm: 'SHA1', digits: 6, period: PERIOD, secret: Secret.fromBase32(secret) });
}

/** The otpauth:// URI an authenticator app scans (as a QR code) or is typed from. */
export function totpUri(secret: string, account: string): string {
  return totp(secret, account).toString();
}

/**
 * The 30-second step a code belongs to, when it is right for `now` or one step either side
 * (clock drift, RFC 6238 §5.2); undefined otherwise. The caller refuses a step not later than
 * the last one accepted, so a code works once.
 */
export function totpStep(secret: string, code: string, now: Date): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const delta = totp(secret, '').validate({ token, timestamp: now.getTime(), window: 1 });
  if (delta === null) return undefined;
  return Math.floor(now.getTime() / 1000 / PERIOD) + delta;
}

/** Recovery codes: no look-alike characters (0/O, 1/I/L); 16 of 31 symbols, about 79 bits each. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** Ten single-use recovery codes like `K7QM-XW2R-9PDN-HT4C`, shown once. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return chars.match(/.{4}/g)!.join('-');
  });
}

/** How a typed recovery code is compared: case, spaces and dashes do not matter. */
export function canonicalRecoveryCode(code: string): string {
  return code.replace(/[\s-]+/g, '').toUpperCase();
}
