/**
 * Many rows into one table, in as few statements as each database takes best, without
 * building a query tree per value (for a 100,000-row people import Kysely's builder made
 * millions of small objects: a second of the import's time, most of it garbage collection).
 * SQLite: multi-row `VALUES` with `?` placeholders, a few fixed statement shapes (500 rows,
 * then halves for the rest) so its prepared-statement cache keeps them. PostgreSQL: the rows
 * as ONE parameter, a JSON array that `json_populate_recordset` turns into rows typed by the
 * table itself: thousands of bound parameters cost PostgreSQL more to parse and bind than the
 * rows cost to insert (invitations of that import: 6.5 s as `VALUES`, 4.5 s as JSON).
 */
import { CompiledQuery, type Insertable, PostgresAdapter } from 'kysely';
import type { Database, Executor } from './database.js';

/** Rows per statement on SQLite: 500 × the widest table's ~20 columns, well under its 32,766 parameters. */
const SQLITE_CHUNK = 500;
/** Rows per statement on PostgreSQL: one JSON parameter of a few MB at most. */
const POSTGRES_CHUNK = 5000;

export function isPostgres(ex: Executor): boolean {
  return ex.getExecutor().adapter instanceof PostgresAdapter;
}

/** Our own table and column names (never user input), quoted. */
const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

const sqliteTexts = new Map<string, string>();
function sqliteInsert(table: string, columns: readonly string[], rows: number): string {
  const key = `${table}(${columns.join(',')})×${rows}`;
  let text = sqliteTexts.get(key);
  if (text === undefined) {
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    text = `insert into "${table}" (${quoted(columns)}) values ${Array.from({ length: rows }, () => tuple).join(', ')}`;
    sqliteTexts.set(key, text);
  }
  return text;
}

/** Inserts `rows`, all of one shape: the first row's columns are written, others take their defaults. */
export async function insertMany<T extends keyof Database & string>(ex: Executor, table: T, rows: readonly Insertable<Database[T]>[]): Promise<void> {
  const first = rows[0];
  if (first === undefined) return;
  const columns = Object.keys(first).filter((c) => (first as Record<string, unknown>)[c] !== undefined);
  if (isPostgres(ex)) {
    const list = quoted(columns);
    const text = `insert into "${table}" (${list}) select ${list} from json_populate_recordset(null::"${table}", $1::json)`;
    for (let i = 0; i < rows.length; i += POSTGRES_CHUNK) {
      await ex.executeQuery(CompiledQuery.raw(text, [JSON.stringify(rows.slice(i, i + POSTGRES_CHUNK))]));
    }
    return;
  }
  let at = 0;
  while (at < rows.length) {
    // 500 rows a statement, then the rest in halves (256, 128, …, 1): at most ten statement shapes.
    let n = SQLITE_CHUNK;
    while (n > rows.length - at) n = 2 ** Math.floor(Math.log2(rows.length - at));
    const params: unknown[] = [];
    for (const row of rows.slice(at, at + n)) for (const c of columns) params.push((row as Record<string, unknown>)[c] ?? null);
    await ex.executeQuery(CompiledQuery.raw(sqliteInsert(table, columns, n), params));
    at += n;
  }
}
