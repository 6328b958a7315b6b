import { describe, expect, it } from 'vitest';
import { describePermissions, listInWords, permissionInWords } from './permission-words.js';
import { PERMISSIONS } from './permissions.js';
import { PRESETS } from './presets/index.js';

describe('permissions in plain words', () => {
  it('every catalogue permission reads as words, never as its key', () => {
    for (const p of PERMISSIONS) {
      const phrase = permissionInWords(p);
      expect(phrase, p).not.toMatch(/[:_]/);
      expect(describePermissions([p]).join(' '), p).not.toMatch(/[:_]/);
    }
  });

  it('groups a module into one sentence, in catalogue order', () => {
    expect(describePermissions(['sales:download', 'checkout:operate', 'sales:read'])).toEqual(['View and download sales.', 'Take payments at the checkout.']);
    expect(describePermissions(['payments:read', 'payments:void', 'payments:refund'])).toEqual(['View payments, void payments and refund payments.']);
    expect(describePermissions([])).toEqual([]);
  });

  it('every preset role has at least one sentence', () => {
    for (const preset of Object.values(PRESETS)) for (const role of preset.roles) expect(describePermissions(role.permissions).length, role.key).toBeGreaterThan(0);
  });

  it('lists read as a sentence', () => {
    expect(listInWords([])).toBe('');
    expect(listInWords(['a'])).toBe('a');
    expect(listInWords(['a', 'b', 'c'])).toBe('a, b and c');
  });
});
