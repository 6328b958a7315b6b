/**
 * The columns of a people import (and of the team export, so an export imports back): which
 * header names mean which column. Headers match case-insensitively, ignoring spaces, dashes and
 * underscores, with the names spreadsheets and other systems commonly use.
 */

export const IMPORT_COLUMNS = ['email', 'first_name', 'last_name', 'phone', 'role', 'stores', 'audience', 'profile', 'customer'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];

const ALIASES: Readonly<Record<ImportColumn, readonly string[]>> = {
  email: ['email', 'e-mail', 'email address', 'e-mail address', 'mail', 'work email'],
  first_name: ['first name', 'firstname', 'given name', 'first'],
  last_name: ['last name', 'lastname', 'surname', 'family name', 'last'],
  phone: ['phone', 'phone number', 'mobile', 'mobile phone', 'telephone', 'tel'],
  role: ['role', 'roles', 'role name', 'permission group', 'permission groups'],
  stores: ['stores', 'store', 'store codes', 'store code', 'locations', 'location'],
  audience: ['audience', 'user type', 'type of user'],
  profile: ['profile', 'profile name'],
  customer: ['customer', 'customers', 'customer account', 'customer accounts', 'customer number', 'account number', 'customer account number'],
};

/** "E-mail", "e_mail" and "E mail " all read as "e mail". */
function headerKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase().replace(/[\s_-]+/g, ' ');
}

const BY_KEY: ReadonlyMap<string, ImportColumn> = new Map(IMPORT_COLUMNS.flatMap((c) => [c, ...ALIASES[c]].map((a) => [headerKey(a), c] as const)));

export type HeaderMatch =
  | { readonly ok: true; readonly columns: readonly (ImportColumn | null)[]; readonly ignored: readonly string[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Which column each header cell is. Unknown headers are ignored (and listed), so a spreadsheet
 * with extra columns still imports; a column named twice or a missing email or role column
 * makes the file unreadable as a whole.
 */
export function matchHeader(header: readonly string[]): HeaderMatch {
  const columns: (ImportColumn | null)[] = [];
  const ignored: string[] = [];
  const seen = new Set<ImportColumn>();
  for (const cell of header) {
    const column = BY_KEY.get(headerKey(cell)) ?? null;
    if (column === null) {
      if (cell.trim() !== '') ignored.push(cell.trim());
    } else if (seen.has(column)) {
      return { ok: false, reason: `The header names the ${column.replace('_', ' ')} column twice; keep one of them.` };
    } else seen.add(column);
    columns.push(column);
  }
  const missing = (['email', 'role'] as const).filter((c) => !seen.has(c));
  if (missing.length > 0) {
    return { ok: false, reason: `The first row must be a header naming the columns; the ${missing.join(' and ')} column${missing.length > 1 ? 's are' : ' is'} missing. Expected: ${IMPORT_COLUMNS.join(', ')}.` };
  }
  return { ok: true, columns, ignored };
}

/** A `;`-separated list cell ("S1; S2") as its trimmed, non-empty parts. */
export function listCell(value: string | undefined): string[] {
  return (value ?? '')
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}
