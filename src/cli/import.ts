/**
 * `rolecall import FILE --org ORG [--dry-run] [--mode invite|create] [--as EMAIL]`: the people
 * import from the command line, with a progress bar on a terminal and a summary at the end.
 * Killed part-way, it loses nothing: run the same command again and it finishes the import.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import cliProgress from 'cli-progress';
import type { Config } from '../config.js';
import { createContainer } from '../container.js';
import type { ImportMode } from '../domain/import-plan.js';
import { commandLineImporter } from '../services/import-cli.js';
import type { RowReport } from '../services/import-batch.js';
import { readImportFile } from '../services/import-file.js';
import { countOutcomes, dryRunImport, runImport, startImport } from '../services/import-run.js';
import { findImportRowsWithProblems, importStatus } from '../services/import-report.js';

export interface ImportFlags {
  org: string;
  dryRun?: boolean;
  mode: ImportMode;
  as?: string;
  reason?: string;
}

const SHOWN_ERRORS = 20;

function bar(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const b = new cliProgress.SingleBar({ format: `${label} [{bar}] {percentage}% | {value}/{total} rows | {eta_buffer}s left`, stream: process.stderr, hideCursor: true, etaBuffer: 5 }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total) {
      if (!started) b.start(total, 0);
      started = true;
      b.update(done);
    },
    stop: () => started && b.stop(),
  };
}

function printErrors(rows: readonly Pick<RowReport, 'row' | 'email' | 'code' | 'message'>[], total: number): void {
  for (const r of rows.slice(0, SHOWN_ERRORS)) console.log(`  row ${r.row}  ${r.email || '(no email)'}  ${r.code}: ${r.message}`);
  if (total > SHOWN_ERRORS) console.log(`  … and ${total - SHOWN_ERRORS} more rows not imported`);
}

export async function importCommand(config: Config, path: string, flags: ImportFlags): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new Error(`Cannot read ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check the file name.`);
  }
  const file = readImportFile(bytes);
  const c = await createContainer(config);
  try {
    const { ctx, email } = await commandLineImporter(c, flags.org, flags.as);
    const options = { mode: flags.mode, fileName: basename(path), reason: flags.reason };
    const progress = bar(flags.dryRun ? 'Checking' : 'Importing');
    if (flags.dryRun) {
      const rows = await dryRunImport(c, ctx, flags.org, file, options, progress.update);
      progress.stop();
      const n = countOutcomes(rows);
      console.log(`Dry run of ${file.rows.length} rows as ${email} (${flags.mode} mode), nothing changed: ${n.created} to add, ${n.updated} to change, ${n.unchanged} unchanged, ${n.errors} with errors.`);
      if (file.ignoredColumns.length > 0) console.log(`Ignored columns: ${file.ignoredColumns.join(', ')}`);
      const errors = rows.filter((r) => r.outcome === 'error');
      printErrors(errors, errors.length);
      return;
    }
    const record = await startImport(c, ctx, flags.org, file, options);
    if (record.processed_through > 1) console.log(`Resuming import ${record.id}: ${record.processed_through - 1} of ${record.total_rows} rows were already done.`);
    await runImport(c, ctx, record, file, options, progress.update).finally(() => progress.stop());
    const done = await importStatus(c, flags.org, record.id);
    console.log(`Imported ${done.totalRows} rows as ${email} (${flags.mode} mode): ${done.counts.created} added, ${done.counts.updated} changed, ${done.counts.unchanged} unchanged, ${done.counts.errors} not imported. Import id: ${done.id}`);
    if (done.counts.errors > 0) printErrors(await findImportRowsWithProblems(c, record.id, SHOWN_ERRORS), done.counts.errors);
  } finally {
    await c.close();
  }
}
