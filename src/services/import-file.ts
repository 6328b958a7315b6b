/**
 * Reads an uploaded people file into rows, all of it before anything is changed: a file that
 * cannot be read as a whole (not UTF-8, a broken quote, no header) changes nothing and says
 * why. Parsing is csv-parse's (quotes, embedded newlines, CRLF); this file decides encoding,
 * delimiter and which column is which.
 */
import { createHash } from 'node:crypto';
import { CsvError, parse } from 'csv-parse/sync';
import { AppError } from '../contracts/errors.js';
import { type ImportColumn, matchHeader } from '../domain/import-columns.js';
import type { RowFields } from '../domain/import-row.js';

/** Most rows one file may hold: a larger staff list is split into several files. */
export const MAX_IMPORT_ROWS = 200_000;
/** Longest row accepted (a runaway quote otherwise swallows the rest of the file into one cell). */
const MAX_RECORD_BYTES = 64 * 1024;

/** One data row: its line in the file (the header is row 1) and its cells by column. */
export interface FileRow {
  row: number;
  fields: RowFields;
  /** Set when the row cannot be read on its own (a ragged row); reported, not imported. */
  problem?: { code: string; message: string };
}

export interface ImportFile {
  /** sha256 of the bytes: the same file imported again is recognised (and resumed). */
  hash: string;
  rows: FileRow[];
  /** Header cells that name no import column; their cells are ignored. */
  ignoredColumns: string[];
}

const unreadable = (detail: string) => new AppError('invalid_file', detail);

/** UTF-8 with or without a byte-order mark; anything else is refused with how to fix it. */
function decode(bytes: Uint8Array): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw unreadable('The file is saved as UTF-16. Save it as "CSV UTF-8" (in Excel: File › Save As › CSV UTF-8) and upload it again.');
  }
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    throw unreadable('This looks like a spreadsheet workbook, not a CSV file. Save it as "CSV UTF-8" and upload that file.');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw unreadable('The file is not UTF-8 text (it may be saved in an older encoding such as Windows-1252). Save it as "CSV UTF-8" and upload it again.');
  }
}

/** Comma or semicolon (spreadsheets in many locales write `;`): whichever the header line holds more of. */
function delimiterOf(text: string): ',' | ';' {
  const end = text.search(/\r|\n/);
  const header = end === -1 ? text : text.slice(0, end);
  const count = (ch: string) => header.split(ch).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function parseRecords(text: string, delimiter: string): string[][] {
  try {
    return parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, max_record_size: MAX_RECORD_BYTES }) as string[][];
  } catch (err) {
    if (err instanceof CsvError) {
      const line = (err as CsvError & { lines?: number }).lines;
      const where = line ? ` near line ${line}` : '';
      if (err.code === 'CSV_MAX_RECORD_SIZE') throw unreadable(`A row${where} is far too long; a quote is probably missing its closing quote.`);
      if (err.code === 'CSV_QUOTE_NOT_CLOSED') throw unreadable(`A quoted cell is never closed${where}; add the missing quote (") and upload the file again.`);
      throw unreadable(`The file is not valid CSV${where}: check the quotes there (a quote inside a cell is written as two quotes, "").`);
    }
    throw err;
  }
}

/**
 * Our own exports (and careful spreadsheets) write a cell starting with = + - @ tab or CR
 * behind a quote mark so it is never run as a formula; read back, the quote mark goes.
 */
function unneutralised(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}

/** Reads the whole file; throws `invalid_file` when it cannot be read as a people list. */
export function readImportFile(bytes: Uint8Array): ImportFile {
  const hash = createHash('sha256').update(bytes).digest('hex');
  const text = decode(bytes).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw unreadable('The file is empty. Add a header row (email, first_name, last_name, phone, role, stores) and one row per person.');
  const records = parseRecords(text, delimiterOf(text));
  const [header, ...data] = records;
  if (!header) throw unreadable('The file is empty. Add a header row and one row per person.');
  const match = matchHeader(header);
  if (!match.ok) throw unreadable(match.reason);
  if (data.length === 0) throw unreadable('The file has a header but no people. Add one row per person below the header.');
  if (data.length > MAX_IMPORT_ROWS) throw unreadable(`The file has ${data.length.toLocaleString('en-US')} people; at most ${MAX_IMPORT_ROWS.toLocaleString('en-US')} fit in one import. Split it into several files.`);
  const rows = data.map((cells, i): FileRow => {
    const row = i + 2;
    const fields: RowFields = {};
    match.columns.forEach((column: ImportColumn | null, c) => {
      if (column !== null) fields[column] = unneutralised(cells[c] ?? '');
    });
    // Trailing empty cells (a spreadsheet's habit) are harmless; missing or extra content is not.
    const extra = cells.slice(header.length).some((c) => c.trim() !== '');
    if (cells.length < header.length || extra) {
      return { row, fields, problem: { code: 'invalid_row', message: `This row has ${cells.length} cells but the header has ${header.length}; check for a missing or extra delimiter, or an unquoted comma in a name.` } };
    }
    return { row, fields };
  });
  return { hash, rows, ignoredColumns: [...match.ignored] };
}
