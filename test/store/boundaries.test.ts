import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The store boundary (issue 14, part 1), checked by reading the source: no database needed.
 * - All SQL lives in src/store: no query builder call, no `sql` template outside it, so every
 *   write goes through a store function that notes what it changed (a forgotten note leaves
 *   another instance serving a stale access decision).
 * - Every transaction is opened by `inTransaction` (src/store/transaction.ts), the one place
 *   that calls `.transaction()`: it publishes the changes noted inside it at commit.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');

/** What only src/store may write. */
const SQL_OUTSIDE_STORE: readonly [string, RegExp][] = [
  ['.selectFrom(', /\.selectFrom\(/],
  ['.insertInto(', /\.insertInto\(/],
  ['.updateTable(', /\.updateTable\(/],
  ['.deleteFrom(', /\.deleteFrom\(/],
  ['.selectNoFrom(', /\.selectNoFrom\(/],
  ['.replaceInto(', /\.replaceInto\(/],
  ['.mergeInto(', /\.mergeInto\(/],
  ['sql`', /\bsql(<[^`]*>)?`/],
  ['sql.raw/ref/lit/…', /\bsql\.(raw|ref|id|lit|join|table|val)\(/],
  ['.transaction()', /\.transaction\(\)/],
];
const TRANSACTION: readonly [string, RegExp][] = [['.transaction()', /\.transaction\(\)/]];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name === 'web') continue;
      out.push(...sourceFiles(p));
    } else if (/\.(ts|mts|cts|js|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

/** A line that is only a comment (`//`, `/*`, ` * `) talks about code; it is not code. */
const isComment = (line: string) => /^\s*(\/\/|\/\*|\*)/.test(line);

function offences(files: readonly string[], patterns: readonly [string, RegExp][]): string[] {
  const found: string[] = [];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (isComment(line)) return;
      for (const [name, re] of patterns) {
        if (re.test(line)) found.push(`${relative(root, file).split(sep).join('/')}:${i + 1}: ${name}  ${line.trim().slice(0, 120)}`);
      }
    });
  }
  return found;
}

const all = sourceFiles(src).map((f) => ({ file: f, rel: relative(src, f).split(sep).join('/') }));

describe('store boundary', () => {
  it('finds the source files', () => {
    expect(all.length).toBeGreaterThan(50);
    expect(all.some((f) => f.rel === 'store/transaction.ts')).toBe(true);
  });

  it('keeps every query and every transaction inside src/store', () => {
    const outside = all.filter((f) => !f.rel.startsWith('store/')).map((f) => f.file);
    const found = offences(outside, SQL_OUTSIDE_STORE);
    expect(found, `SQL or a transaction outside src/store; move it into a named function in src/store/queries (and note what it changes):\n${found.join('\n')}\n`).toEqual([]);
  });

  it('opens transactions only through inTransaction (src/store/transaction.ts)', () => {
    const inStore = all.filter((f) => f.rel.startsWith('store/') && f.rel !== 'store/transaction.ts').map((f) => f.file);
    const found = offences(inStore, TRANSACTION);
    expect(found, `.transaction() outside src/store/transaction.ts; use inTransaction or inOrgTransaction:\n${found.join('\n')}\n`).toEqual([]);
  });
});
