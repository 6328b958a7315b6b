import { sql } from 'kysely';
import type { Executor } from '../database.js';

/** Throws unless the database answers a trivial statement (readiness). */
export async function pingDatabase(ex: Executor): Promise<void> {
  await sql`select 1`.execute(ex);
}
