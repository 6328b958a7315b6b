/**
 * Display text (names, store names, reasons) may hold any printable Unicode, but never control
 * characters: they would let a value forge extra lines in logs and CSV exports (ASVS 16.4.1).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: -- the point is to find control characters
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/** Trims and NFC-normalizes a display name; returns null when it holds control characters. */
export function cleanText(value: string): string | null {
  if (hasControlCharacters(value)) return null;
  return value.normalize('NFC').trim();
}
