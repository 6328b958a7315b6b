import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';

describe('checkPassword (NIST 800-63B-4)', () => {
  it.each([
    ['short', false],
    ['correct horse battery staple', true],
    ['passwordpassword', false],
    ['PasswordPassword', false],
    ['123456789987654321', false],
    ['aaaaaaaaaaaaaaaaaaaa', false],
    ['abcabcabcabcabcabc', false],
    ['ünïcödé is fine, really', true],
  ])('%s → ok=%s', (pw, ok) => {
    expect(checkPassword(pw).ok).toBe(ok);
  });

  it('refuses a password built from the email or name', () => {
    expect(checkPassword('alice.smith-2026-spring', ['alice.smith@shop.test'.split('@')[0]!]).ok).toBe(false);
  });
});
