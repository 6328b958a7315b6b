import { createRequire } from 'node:module';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { PASSWORD_MAX, PASSWORD_MIN } from './password-length.js';

// zxcvbn-ts and its language pack (~0.5 MB of code and word lists, a few MB once unpacked) are
// loaded on the first password check, not at start: most processes check no password for a
// long time, and a running server should not hold them for nothing (bench section 8). `require`
// keeps the checks synchronous; the bundle leaves both packages in node_modules
// (scripts/bundle-server.mjs).
const require = createRequire(import.meta.url);
const commonPack = () => require('@zxcvbn-ts/language-common') as typeof import('@zxcvbn-ts/language-common');

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
let common: Set<string> | undefined;
const commonPasswords = (): Set<string> => (common ??= new Set(commonPack().dictionary['passwords-common'].map((p) => p.toLowerCase())));

/** "passwordpassword", "aaaaaaaaaaaaaaaa", "123412341234…": one short unit repeated. */
function repeatedUnit(p: string): string | undefined {
  const m = /^(.{1,8}?)\1+$/su.exec(p);
  return m?.[1];
}

/** The product's own name: a context-specific word for every account (NIST 800-63B-4). */
export const PRODUCT_NAME = 'rolecall';

/**
 * Fewer estimated guesses than 10^8.5 is refused. Keyboard rows, sequences and a common password
 * with digits land below 10^8 (zxcvbn's score 2); any two common words get exactly 10^8
 * ("sunshine rainbow", "monkey football"), so the line sits a little above that. Two less
 * common words ("fifteen letters", 10^9.4), four unrelated words ("correct horse battery
 * staple", 10^19) or a short sentence ("whatever it is here", 10^13) pass. Online guessing is
 * bounded by the lockout far below either number.
 */
const MIN_GUESSES_LOG10 = 8.5;
/**
 * zxcvbn only looks at the first this many characters, and tries at most this many l33t
 * substitutions: its matchers grow fast with length and with digits that read as letters (a
 * 1,024-character "a1b2c3…" took 300 ms with the defaults of 256 and 100, and about 20 ms with
 * these); it runs on every sign-up, reset and change, before argon2. The cheap checks above
 * it (breached list, repeats, context) still see the whole password. A password whose first 64
 * characters are guessable is refused, however it goes on.
 */
const ZXCVBN_MAX_LENGTH = 64;
const ZXCVBN_L33T_SUBSTITUTIONS = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * zxcvbn-ts with its common language pack: the breached-password list again (as a ranked
 * dictionary, so "password" + "123456789" is refused too), common diceware words, keyboard
 * layouts (spatial: "qwertyuiop", "1q2w3e4r", "zaq12wsx"), sequences ("123456", "abcdef"),
 * repeats and dates. Built on first use (~50 ms), then shared.
 */
function zxcvbn(): ZxcvbnFactory {
  if (!estimator) {
    const { ZxcvbnFactory } = require('@zxcvbn-ts/core') as typeof import('@zxcvbn-ts/core');
    const { adjacencyGraphs, dictionary } = commonPack();
    estimator = new ZxcvbnFactory({ dictionary: { ...dictionary }, graphs: adjacencyGraphs, maxLength: ZXCVBN_MAX_LENGTH, l33tMaxSubstitutions: ZXCVBN_L33T_SUBSTITUTIONS });
  }
  return estimator;
}

function squeeze(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\s._-]+/g, '');
}

/**
 * Refuses a password found on the common list, made of a common password or a short unit
 * repeated, built from keyboard rows, sequences or other patterns zxcvbn guesses quickly, or
 * built from a context-specific word (NIST 800-63B-4): the product's name, and the `context`
 * the caller knows — the account's email and name, the organization's name.
 * The length rule is `checkPasswordShape`; `checkPassword` runs both.
 */
export function checkPasswordNotCommon(password: string, context: readonly string[] = []): PasswordCheck {
  const p = password.normalize('NFKC').toLowerCase();
  const squeezed = squeeze(p);
  const unit = repeatedUnit(squeezed);
  const listed = commonPasswords();
  if (listed.has(p) || listed.has(squeezed) || (unit !== undefined && (unit.length <= 3 || listed.has(unit)))) {
    return { ok: false, reason: 'This password appears on lists of commonly used or breached passwords; choose a different one.' };
  }
  const words = [PRODUCT_NAME, ...context].map(squeeze).filter((w) => w.length >= 4);
  if (words.some((w) => squeezed.includes(w))) {
    return { ok: false, reason: 'Do not build the password from your email address, your name, your organization or the name of this service.' };
  }
  // The context words, whole and word by word, count as known to the attacker: "Acme Intl 2026"
  // for the org "Acme Intl Ltd".
  const known = [PRODUCT_NAME, ...context.flatMap((c) => [c, ...c.split(/[^\p{L}\p{N}]+/u)])].filter((w) => w.length >= 3);
  const estimate = zxcvbn().check(password.normalize('NFKC'), known);
  if (estimate.guessesLog10 < MIN_GUESSES_LOG10) {
    return { ok: false, reason: 'This password is easy to guess: it is built from common words or passwords, keyboard rows, sequences or repeats. A few unrelated words make a strong one.' };
  }
  return { ok: true };
}

/** Length first, then the common-password and context checks. */
export function checkPassword(password: string, context: readonly string[] = [], min: number = PASSWORD_MIN): PasswordCheck {
  const shape = checkPasswordShape(password, min);
  return shape.ok ? checkPasswordNotCommon(password, context) : shape;
}
