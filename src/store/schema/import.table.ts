import type { Generated } from 'kysely';

export type ImportMode = 'invite' | 'create';
export type ImportStatus = 'running' | 'completed' | 'failed';
export type ImportOutcome = 'create' | 'update' | 'unchanged' | 'error';

/** One run of one CSV file into one org (see the 1100 migration for resuming). */
export interface ImportTable {
  id: string;
  org_id: string;
  created_by: string;
  file_name: Generated<string>;
  /** sha256 of the uploaded bytes, hex. */
  file_hash: string;
  mode: ImportMode;
  status: Generated<ImportStatus>;
  total_rows: number;
  /** The last file row whose effect has committed. */
  processed_through: Generated<number>;
  created_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
  error_count: Generated<number>;
  /** Why a failed run stopped, in words. */
  failure: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** One file row's outcome. */
export interface ImportRowTable {
  import_id: string;
  /** The row's line in the file (the header is row 1). */
  row_number: number;
  email: string;
  outcome: ImportOutcome;
  code: string | null;
  message: string | null;
}
