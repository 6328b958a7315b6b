/**
 * NIST SP 800-63B-4 for a password that is the only factor: length, not composition.
 * At least 15 characters, at most 1,024 (long passphrases welcome; the cap only bounds hashing
 * work), counted in Unicode code points after NFKC. No character-class rules, no truncation.
 * Its own module so the console can state the rule without bundling the common-password list.
 */
export const PASSWORD_MIN = 15;
export const PASSWORD_MAX = 1024;

/** What every new-password field says before the first try. */
export const PASSWORD_HINT = `At least ${PASSWORD_MIN} characters. A few unrelated words make a strong password that is easy to remember.`;
