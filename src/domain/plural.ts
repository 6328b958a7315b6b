/**
 * A count with its noun, singular or plural as English needs: `countOf(1, 'second')` → "1 second",
 * `countOf(2, 'store')` → "2 stores", `countOf(3, 'person', 'people')` → "3 people".
 * Shared by the API's messages and the console (web/src imports it).
 */
export function countOf(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
