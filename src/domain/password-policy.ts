/**
 * NIST SP 800-63B-4 for a password that is the only factor: length, not composition.
 * At least 15 characters, at most 1,024 (long passphrases welcome; the cap only bounds hashing
 * work), counted in Unicode code points after NFKC. No character-class rules, no truncation.
 */
export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 1024;

export type PasswordCheck = { ok: true } | { ok: false; reason: string };

export function checkPasswordShape(password: string, min: number = PASSWORD_MIN): PasswordCheck {
  const length = [...password.normalize('NFKC')].length;
  if (length < min) return { ok: false, reason: `Use at least ${min} characters; a few unrelated words make a strong, memorable password.` };
  if (length > PASSWORD_MAX) return { ok: false, reason: `Use at most ${PASSWORD_MAX} characters.` };
  return { ok: true };
}
