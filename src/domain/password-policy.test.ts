import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';

describe('checkPassword (NIST 800-63B-4)', () => {
  it.each([
    // too short
    ['short', false],
    // on the breached list, or one unit repeated
    ['passwordpassword', false],
    ['PasswordPassword', false],
    ['iloveyouiloveyou', false],
    ['aaaaaaaaaaaaaaaaaaaa', false],
    ['abcabcabcabcabcabc', false],
    ['P@ssw0rdP@ssw0rd', false],
    // sequences and keyboard patterns (zxcvbn's sequence and spatial matchers)
    ['123456789987654321', false],
    ['1234567890123456', false],
    ['abcdefghijklmnopq', false],
    ['qwertyuiopasdfghjkl', false],
    ['1q2w3e4r5t6y7u8i9o0p', false],
    ['zaq12wsxcde34rfv', false],
    ['asdfghjkl;asdfghjkl', false],
    ['!@#$%^&*()!@#$%^', false],
    ['0987654321poiuytrewq', false],
    // common words and passwords stitched together
    ['Password1234567!', false],
    ['football1234567', false],
    ['sunshine rainbow', false],
    ['horse horse horse horse', false],
    ['monkey football', false],
    ['summer2024summer', false],
    // long passphrases of unrelated words, sentences, random strings
    ['correct horse battery staple', true],
    ['fifteen letters', true],
    ['a long enough passphrase 42', true],
    ['a long enough sample passphrase', true],
    ['purple walrus juggles seven lanterns', true],
    ['whatever it is here', true],
    ['ünïcödé is fine, really', true],
    ['Xk9#mQ2$vL7!pR4z', true],
  ])('%s → ok=%s', (pw, ok) => {
    expect(checkPassword(pw).ok).toBe(ok);
  });

  it.each([
    ['the email or name', 'alice.smith-2026-spring', ['alice.smith', 'Alice', 'Smith']],
    ['the name of the service', 'my rolecall passphrase', []],
    ['the name of the service, any case', 'Role.Call for the win, friends', []],
    ['the organization name', 'bellas bakery opens at nine', ['Bellas Bakery']],
  ])('refuses a password built from %s', (_what, pw, context) => {
    expect(checkPassword(pw, context)).toMatchObject({ ok: false, reason: expect.stringMatching(/email address, your name, your organization/) });
  });

  it('counts the context words, whole or word by word, as known to the attacker', () => {
    expect(checkPassword('hardware & bellamy').ok).toBe(true);
    expect(checkPassword('hardware & bellamy', ['Bellamy Hardware']).ok).toBe(false);
  });

  // The estimator reads only the first 64 characters and tries few l33t variants, so these stay
  // cheap (measured by hand at a few ms; no timing assertion here, the machine is noisy).
  it('judges the longest and most l33t-looking passwords', () => {
    for (const long of ['a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6'.repeat(32), '4@5$1!0o3e7t'.repeat(85), 'correct horse battery staple '.repeat(35)]) {
      expect(typeof checkPassword(long.slice(0, 1024), ['Bellamy Hardware', 'alice.smith', 'Alice', 'Smith']).ok).toBe('boolean');
    }
  });
});
