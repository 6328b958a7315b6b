import { dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX, PASSWORD_MIN } from './password-length.js';

export type PasswordCheck = { ok: true } | { ok: false; reason: string };

export function checkPasswordShape(password: string, min: number = PASSWORD_MIN): PasswordCheck {
  const length = [...password.normalize('NFKC')].length;
  if (length < min) return { ok: false, reason: `Use at least ${min} characters; a few unrelated words make a strong, memorable password.` };
  if (length > PASSWORD_MAX) return { ok: false, reason: `Use at most ${PASSWORD_MAX} characters.` };
  return { ok: true };
}

/**
 * The common/breached-password list (NIST 800-63B-4 §3.1.1.2, ASVS 6.2.4): zxcvbn-ts's
 * `passwords-common` dictionary, ~49,000 passwords seen most often in breach corpora, kept up
 * by that project. Compared case-insensitively, as attackers try every casing first.
 */
const COMMON = new Set(commonDictionary['passwords-common'].map((p) => p.toLowerCase()));

/** "passwordpassword", "aaaaaaaaaaaaaaaa", "123412341234…": one short unit repeated. */
function repeatedUnit(p: string): string | undefined {
  const m = /^(.{1,8}?)\1+$/su.exec(p);
  return m?.[1];
}

/**
 * Refuses a password found on the common list, made of a common password or a short unit
 * repeated, or built from the account's own email or name (context-specific words, NIST).
 * The length rule is `checkPasswordShape`; `checkPassword` runs both.
 */
export function checkPasswordNotCommon(password: string, context: readonly string[] = []): PasswordCheck {
  const p = password.normalize('NFKC').toLowerCase();
  const squeezed = p.replace(/[\s._-]+/g, '');
  const unit = repeatedUnit(squeezed);
  if (COMMON.has(p) || COMMON.has(squeezed) || (unit !== undefined && (unit.length <= 3 || COMMON.has(unit)))) {
    return { ok: false, reason: 'This password appears on lists of commonly used or breached passwords; choose a different one.' };
  }
  for (const word of context) {
    const w = word.normalize('NFKC').toLowerCase().trim();
    if (w.length >= 4 && squeezed.includes(w.replace(/[\s._-]+/g, ''))) {
      return { ok: false, reason: 'Do not build the password from your email address or name.' };
    }
  }
  return { ok: true };
}

/** Length first, then the common-password and context checks. */
export function checkPassword(password: string, context: readonly string[] = [], min: number = PASSWORD_MIN): PasswordCheck {
  const shape = checkPasswordShape(password, min);
  return shape.ok ? checkPasswordNotCommon(password, context) : shape;
}
