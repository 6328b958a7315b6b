/**
 * One global identity per normalized email (SPEC §2): trimmed, NFKC, case-insensitive.
 * Invisible and control characters are refused rather than stripped, and so are characters
 * outside ASCII after NFKC: a Cyrillic "а" that looks like a Latin "a" would otherwise create a
 * second identity that an admin cannot tell apart from the real one.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: -- finding control and invisible characters is the point
// biome-ignore lint/suspicious/noMisleadingCharacterClass: -- the class lists single code points on purpose
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/u;
const SHAPE = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

export type EmailCheck = { ok: true; email: string; key: string } | { ok: false; reason: string };

export function normalizeEmail(input: string): EmailCheck {
  const email = input.trim();
  if (email.length === 0) return { ok: false, reason: 'Enter an email address.' };
  if (email.length > 254) return { ok: false, reason: 'Email addresses are at most 254 characters.' };
  if (INVISIBLE.test(email)) return { ok: false, reason: 'The email contains invisible or control characters; type it again.' };
  const key = email.normalize('NFKC').toLowerCase();
  // biome-ignore lint/suspicious/noControlCharactersInRegex: -- deliberately matching the non-ASCII range
  if (/[^\u0000-\u007f]/.test(key)) {
    return { ok: false, reason: 'The email contains look-alike or non-Latin characters; check the spelling.' };
  }
  if (!SHAPE.test(key)) return { ok: false, reason: 'That does not look like an email address.' };
  return { ok: true, email, key };
}
