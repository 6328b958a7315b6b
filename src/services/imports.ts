/**
 * The people import as the API offers it: upload (dry run, or a real run that finishes inline
 * for a small file and in the background for a large one), status, and the report as CSV.
 */
import type { Static } from '@sinclair/typebox';
import { AppError, assertThat } from '../contracts/errors.js';
import type { ImportDryRun, ImportStatusView } from '../contracts/import.contract.js';
import type { Deps } from '../container.js';
import { authorityOf } from '../domain/authority.js';
import type { ImportMode } from '../domain/import-plan.js';
import { findImport, type ImportRecord, listImportRows } from '../store/queries/import.queries.js';
import { openOrg } from './access.js';
import { csvRow } from './audit-export.js';
import type { RequestContext } from './context.js';
import { enforce } from './decision-error.js';
import { readImportFile } from './import-file.js';
import { countOutcomes, dryRunImport, type ImportOptions, runImport, startImport } from './import-run.js';

/** A file this small is imported before the answer; a larger one runs on after it (poll the status). */
export const INLINE_ROWS = 2000;

export type ImportStatus = Static<typeof ImportStatusView>;

export function importView(r: ImportRecord, ignoredColumns?: string[]): ImportStatus {
  return {
    id: r.id,
    status: r.status,
    mode: r.mode,
    fileName: r.file_name,
    totalRows: r.total_rows,
    processedRows: Math.max(0, Math.min(r.processed_through - 1, r.total_rows)),
    counts: { created: r.created_count, updated: r.updated_count, unchanged: r.unchanged_count, errors: r.error_count },
    failure: r.failure,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    ...(ignoredColumns ? { ignoredColumns } : {}),
  };
}

export interface UploadInput {
  dryRun?: boolean | undefined;
  mode?: ImportMode | undefined;
  fileName?: string | undefined;
  reason?: string | undefined;
}

export type UploadResult = { kind: 'dry-run'; report: Static<typeof ImportDryRun> } | { kind: 'import'; done: boolean; view: ImportStatus };

/** POST …/imports: reads the whole file first (a file that cannot be read changes nothing). */
export async function uploadImport(deps: Deps, ctx: RequestContext, orgId: string, body: Uint8Array, q: UploadInput): Promise<UploadResult> {
  // Who may import is checked before the file is read, so an outsider learns nothing from its errors.
  await openOrg(deps.db, ctx.principal, orgId);
  const file = readImportFile(body);
  const options: ImportOptions = { mode: q.mode ?? 'invite', fileName: q.fileName, reason: q.reason };
  if (q.dryRun) {
    const rows = await dryRunImport(deps, ctx, orgId, file, options);
    return { kind: 'dry-run', report: { dryRun: true, mode: options.mode, totalRows: file.rows.length, counts: countOutcomes(rows), ignoredColumns: file.ignoredColumns, rows } };
  }
  const record = await startImport(deps, ctx, orgId, file, options);
  if (file.rows.length <= INLINE_ROWS) {
    await runImport(deps, ctx, record, file, options).catch(() => undefined);
    const done = await findImport(deps.db, orgId, record.id);
    if (!done) throw new AppError('internal_error');
    return { kind: 'import', done: true, view: importView(done, file.ignoredColumns) };
  }
  deps.afterReply.run('people import', () => runImport(deps, ctx, record, file, options));
  return { kind: 'import', done: false, view: importView(record, file.ignoredColumns) };
}

async function readable(deps: Deps, ctx: RequestContext, orgId: string, importId: string): Promise<ImportRecord> {
  const org = await openOrg(deps.db, ctx.principal, orgId);
  const refusal = authorityOf(org.ctx, org.actor).refusal;
  if (refusal) enforce(refusal);
  const record = await findImport(deps.db, orgId, importId);
  assertThat(record, 'not_found', 'No such import in this organization.');
  return record;
}

/** GET …/imports/{importId}: progress and counts. */
export async function importStatus(deps: Deps, ctx: RequestContext, orgId: string, importId: string): Promise<ImportStatus> {
  return importView(await readable(deps, ctx, orgId, importId));
}

const REPORT_PAGE = 5000;

/** GET …/imports/{importId}/report.csv: one line per row processed so far, in file order. */
export async function importReportCsv(deps: Deps, ctx: RequestContext, orgId: string, importId: string): Promise<{ record: ImportRecord; lines: AsyncGenerator<string> }> {
  const record = await readable(deps, ctx, orgId, importId);
  async function* lines(): AsyncGenerator<string> {
    yield csvRow(['row', 'email', 'outcome', 'code', 'message']);
    let after = 0;
    for (;;) {
      const page = await listImportRows(deps.db, importId, after, REPORT_PAGE);
      if (page.length === 0) return;
      yield page.map((r) => csvRow([String(r.row_number), r.email, r.outcome, r.code, r.message])).join('');
      after = page.at(-1)?.row_number ?? after;
    }
  }
  return { record, lines: lines() };
}
