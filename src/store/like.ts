import { type Expression, type RawBuilder, sql } from 'kysely';

/**
 * `%term%` for a case-insensitive "contains" LIKE, with LIKE's wildcards (`%`, `_`) and the
 * escape character (`\`) made literal: a search for "50%" finds "50%", not every row. The term
 * is lowercased; compare it with a lowercased column.
 */
export function likeContainsPattern(term: string): string {
  return `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * `value LIKE '%term%' ESCAPE '\'` — the one way a search matches text. SQLite has no default
 * LIKE escape character and PostgreSQL's is backslash, so the escape is said for both.
 * `value` should be lowercased (`lower(col)`), as the pattern is.
 */
export function containsText(value: Expression<string>, term: string): RawBuilder<boolean> {
  return sql<boolean>`${value} like ${likeContainsPattern(term)} escape '\\'`;
}
