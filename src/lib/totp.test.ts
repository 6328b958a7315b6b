import { Secret, TOTP } from 'otpauth';
import { describe, expect, it } from 'vitest';
import { canonicalRecoveryCode, newRecoveryCodes, newTotpSecret, totpStep, totpUri } from './totp.js';

const code = (secret: string, at: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at });

describe('totp', () => {
  const secret = newTotpSecret();
  const now = new Date('2026-06-01T12:00:10Z');
  const step = Math.floor(now.getTime() / 30_000);

  it('accepts the current code and one step either side (clock drift), and says which step', () => {
    expect(totpStep(secret, code(secret, now.getTime()), now)).toBe(step);
    expect(totpStep(secret, code(secret, now.getTime() - 30_000), now)).toBe(step - 1);
    expect(totpStep(secret, code(secret, now.getTime() + 30_000), now)).toBe(step + 1);
    expect(totpStep(secret, code(secret, now.getTime() - 60_000), now)).toBeUndefined();
    expect(totpStep(secret, code(secret, now.getTime() + 90_000), now)).toBeUndefined();
  });

  it('takes spaces, refuses anything but six digits', () => {
    const c = code(secret, now.getTime());
    expect(totpStep(secret, `${c.slice(0, 3)} ${c.slice(3)}`, now)).toBe(step);
    for (const bad of ['', '12345', '1234567', 'abcdef', `${c}0`]) expect(totpStep(secret, bad, now)).toBeUndefined();
  });

  it('makes 160-bit secrets and an otpauth URI apps scan', () => {
    expect(Secret.fromBase32(secret).bytes.length).toBe(20);
    expect(newTotpSecret()).not.toBe(secret);
    expect(totpUri(secret, 'ann@shop.test')).toBe(`otpauth://totp/Rolecall:ann%40shop.test?issuer=Rolecall&secret=${secret}&algorithm=SHA1&digits=6&period=30`);
  });

  it('recovery codes: ten distinct, 16 unambiguous symbols, compared without case, spaces or dashes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const c of codes) expect(c).toMatch(/^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/);
    expect(canonicalRecoveryCode(' k7qm-xw2r 9pdn-ht4c ')).toBe('K7QMXW2R9PDNHT4C');
  });
});
