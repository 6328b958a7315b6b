/**
 * Unique and primary-key constraints are the last word on "one of these": a check-then-insert
 * can race (two requests both find no row, both insert), and the loser's insert fails here.
 * The creating services catch it outside the transaction (on PostgreSQL the failed statement
 * aborts it) and answer 409 `already_exists` (or a more specific code), never 500.
 */
const CODES = new Set([
  // PostgreSQL unique_violation (primary keys too).
  '23505',
  // better-sqlite3 extended result codes.
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

/** True when `err` (or an error it wraps as `cause`) is a unique or primary-key violation. */
export function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CODES.has(code)) return true;
  }
  return false;
}

/**
 * Runs `fn` (typically a whole `inTransaction`) and turns a unique violation into `onClash()`'s
 * error; anything else passes through unchanged.
 */
export async function mapUniqueViolation<T>(fn: () => Promise<T>, onClash: () => Error): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUniqueViolation(err)) throw onClash();
    throw err;
  }
}
