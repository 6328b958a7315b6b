/**
 * An import's outcome for the command line, which runs with the database's own access (the
 * HTTP API reads the same through `imports.ts`, with the caller's access checked).
 */
import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { findImport, listImportErrors } from '../store/queries/import.queries.js';
import type { RowReport } from './import-batch.js';
import { type ImportStatus, importView } from './imports.js';

export async function importStatus(deps: Deps, orgId: string, importId: string): Promise<ImportStatus> {
  const record = await findImport(deps.db, orgId, importId);
  if (!record) throw new AppError('not_found', 'No such import in this organization.');
  return importView(record);
}

export async function findImportRowsWithProblems(deps: Deps, importId: string, limit: number): Promise<RowReport[]> {
  const rows = await listImportErrors(deps.db, importId, limit);
  return rows.map((r) => ({ row: r.row_number, email: r.email, outcome: r.outcome, code: r.code, message: r.message }));
}
