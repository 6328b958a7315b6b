import { describe, expect, it } from 'vitest';
import { maskEmail } from './email-mask.js';

describe('maskEmail', () => {
  it.each([
    ['nora.new@example.com', 'n***@example.com'],
    ['a@b.test', 'a***@b.test'],
    ['not-an-email', '***'],
    ['@example.com', '***'],
  ])('%s → %s', (email, masked) => {
    expect(maskEmail(email)).toBe(masked);
  });
});
