/**
 * The people import's storage: the import's own record and report, the lookups one batch of
 * rows needs (a handful of queries per batch, never per row), and batched inserts of what the
 * batch creates. Called inside the batch's `inOrgTransaction`, which has locked the org and
 * bumped its version, so memberships written here are seen by every instance's access cache.
 */
import { type Insertable, type Selectable, sql } from 'kysely';
import { userTag } from '../change-feed.js';
import type { Executor } from '../database.js';
import type { ImportMode, ImportRowTable, ImportTable } from '../schema/import.table.js';
import type { InvitationTable } from '../schema/invitation.table.js';
import type { MailBodyTable, MailOutboxTable } from '../schema/mail-outbox.table.js';
import type { PasswordResetTable } from '../schema/password-reset.table.js';
import type { UserTable } from '../schema/user.table.js';
import { noteChanged } from '../transaction.js';
import { insertMany, isPostgres } from '../bulk-insert.js';

export type ImportRecord = Selectable<ImportTable>;
export type ImportReportRow = Selectable<ImportRowTable>;

// Ids per `IN (…)` list of an update (bulk inserts chunk themselves: store/bulk-insert.ts).
const CHUNK = 500;

async function inChunks<T>(rows: readonly T[], fn: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await fn(rows.slice(i, i + CHUNK));
}

// --- the import record and its report ---------------------------------------------------------

export async function insertImport(ex: Executor, row: Insertable<ImportTable>): Promise<void> {
  await ex.insertInto('imports').values(row).execute();
}

export function findImport(ex: Executor, orgId: string, id: string): Promise<ImportRecord | undefined> {
  return ex.selectFrom('imports').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

/** The run of this file a killed process left unfinished, if any: running it again resumes it. */
export function findUnfinishedImport(ex: Executor, orgId: string, fileHash: string, mode: ImportMode): Promise<ImportRecord | undefined> {
  return ex
    .selectFrom('imports')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('file_hash', '=', fileHash)
    .where('mode', '=', mode)
    .where('status', '=', 'running')
    .orderBy('id')
    .executeTakeFirst();
}

export interface OutcomeCounts {
  created: number;
  updated: number;
  unchanged: number;
  errors: number;
}

/** Records a committed batch: the report rows, the counts and how far the file is done. */
export async function recordBatch(ex: Executor, importId: string, rows: readonly ImportReportRow[], through: number, counts: OutcomeCounts, now: string): Promise<void> {
  await insertMany(ex, 'import_rows', rows);
  await ex
    .updateTable('imports')
    .set((eb) => ({
      processed_through: through,
      created_count: eb('created_count', '+', counts.created),
      updated_count: eb('updated_count', '+', counts.updated),
      unchanged_count: eb('unchanged_count', '+', counts.unchanged),
      error_count: eb('error_count', '+', counts.errors),
      updated_at: now,
    }))
    .where('id', '=', importId)
    .execute();
}

/** Ends a running import; false when it had already ended (another run of the same file finished it). */
export async function finishImport(ex: Executor, importId: string, status: 'completed' | 'failed', failure: string | null, now: string): Promise<boolean> {
  const r = await ex.updateTable('imports').set({ status, failure, updated_at: now, finished_at: now }).where('id', '=', importId).where('status', '=', 'running').executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** One page of the report in file order, after row `afterRow`. */
export function listImportRows(ex: Executor, importId: string, afterRow: number, limit: number): Promise<ImportReportRow[]> {
  return ex.selectFrom('import_rows').selectAll().where('import_id', '=', importId).where('row_number', '>', afterRow).orderBy('row_number').limit(limit).execute();
}

// --- what rows are checked against ------------------------------------------------------------

export function activeStoreCodes(ex: Executor, orgId: string): Promise<{ id: string; code: string }[]> {
  return ex.selectFrom('stores').select(['id', 'code']).where('org_id', '=', orgId).where('status', '=', 'active').execute();
}

export function storeCodesOf(ex: Executor, orgId: string): Promise<{ id: string; code: string }[]> {
  return ex.selectFrom('stores').select(['id', 'code']).where('org_id', '=', orgId).execute();
}

export function profilesOfOrg(ex: Executor, orgId: string): Promise<{ id: string; name: string; audience: 'staff' | 'partner' | 'customer'; levels: string }[]> {
  return ex.selectFrom('profiles').select(['id', 'name', 'audience', 'levels']).where('org_id', '=', orgId).execute();
}

export async function customersByNumbers(ex: Executor, orgId: string, numbers: readonly string[]): Promise<{ id: string; number: string | null }[]> {
  if (numbers.length === 0) return [];
  return ex.selectFrom('customers').select(['id', 'number']).where('org_id', '=', orgId).where('number', 'in', [...numbers]).execute();
}

export function customerNumbersOf(ex: Executor, orgId: string): Promise<{ id: string; number: string | null }[]> {
  return ex.selectFrom('customers').select(['id', 'number']).where('org_id', '=', orgId).execute();
}

/** What the org holds for a batch of emails: the people, their memberships here and their pending invitations. */
export interface EmailHoldings {
  users: { id: string; email_key: string; status: 'active' | 'deactivated'; has_password: boolean; first_name: string }[];
  memberships: { user_id: string; audience: 'staff' | 'partner' | 'customer'; profile_id: string | null }[];
  memberCustomers: { user_id: string; customer_id: string }[];
  invitations: { id: string; email_key: string; roles: string; audience: 'staff' | 'partner' | 'customer'; profile_id: string | null; customer_ids: string; first_name: string | null; last_name: string | null }[];
}

type PendingInvitation = EmailHoldings['invitations'][number] & { expires_at: string };

/**
 * The pending invitations of these emails (at most one each: a unique index). PostgreSQL gets
 * one index probe per email: a lateral join that `limit 1` keeps from being flattened. With
 * `email_key IN (…1,000 keys)`, or a plain join, its planner read every pending invitation of
 * the org per batch (two of them: 4 s of a 100,000-row import) while its statistics still
 * called the table an import was filling empty.
 */
async function pendingInvitationsOf(ex: Executor, orgId: string, keys: string[]): Promise<PendingInvitation[]> {
  if (isPostgres(ex)) {
    const r = await sql<PendingInvitation>`
      select i.id, i.email_key, i.roles, i.audience, i.profile_id, i.customer_ids, i.first_name, i.last_name, i.expires_at
      from unnest(${keys}::text[]) as k(email_key)
      cross join lateral (select * from invitations where org_id = ${orgId} and email_key = k.email_key and status = 'pending' limit 1) as i`.execute(ex);
    return r.rows;
  }
  return ex
    .selectFrom('invitations')
    .select(['id', 'email_key', 'roles', 'audience', 'profile_id', 'customer_ids', 'first_name', 'last_name', 'expires_at'])
    .where('org_id', '=', orgId)
    .where('email_key', 'in', keys)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Reads the holdings of a batch's emails. A pending invitation past its expiry is read as gone;
 * with `expire` it also becomes `expired` (as a single invite does), which frees its email for
 * a new one. A dry run only reads.
 */
export async function holdingsOf(ex: Executor, orgId: string, emailKeys: readonly string[], now: string, expire: boolean): Promise<EmailHoldings> {
  if (emailKeys.length === 0) return { users: [], memberships: [], memberCustomers: [], invitations: [] };
  const keys = [...emailKeys];
  const pending = await pendingInvitationsOf(ex, orgId, keys);
  const expired = pending.filter((i) => i.expires_at <= now).map((i) => i.id);
  if (expire && expired.length > 0) {
    await inChunks(expired, (ids) => ex.updateTable('invitations').set({ status: 'expired', updated_at: now }).where('id', 'in', ids).where('status', '=', 'pending').execute());
  }
  const users = (await ex.selectFrom('users').select(['id', 'email_key', 'status', 'password_hash', 'first_name']).where('email_key', 'in', keys).execute()).map((u) => ({
    id: u.id,
    email_key: u.email_key,
    status: u.status,
    has_password: u.password_hash !== null,
    first_name: u.first_name,
  }));
  const ids = users.map((u) => u.id);
  const [memberships, memberCustomers] =
    ids.length === 0
      ? [[], []]
      : await Promise.all([
          ex.selectFrom('memberships').select(['user_id', 'audience', 'profile_id']).where('org_id', '=', orgId).where('user_id', 'in', ids).execute(),
          ex.selectFrom('member_customers').select(['user_id', 'customer_id']).where('org_id', '=', orgId).where('user_id', 'in', ids).execute(),
        ]);
  const invitations = pending.filter((i) => i.expires_at > now).map(({ expires_at: _, ...i }) => i);
  return { users, memberships, memberCustomers, invitations };
}

// --- batched writes ---------------------------------------------------------------------------

export async function insertInvitations(ex: Executor, rows: readonly Insertable<InvitationTable>[]): Promise<void> {
  await insertMany(ex, 'invitations', rows);
}

/** A pending invitation's grant and names, changed in place (its link stays the same). */
export async function updatePendingInvitation(
  ex: Executor,
  orgId: string,
  id: string,
  patch: Pick<Insertable<InvitationTable>, 'roles' | 'audience' | 'profile_id' | 'customer_ids' | 'first_name' | 'last_name' | 'updated_at'>,
): Promise<void> {
  await ex.updateTable('invitations').set(patch).where('org_id', '=', orgId).where('id', '=', id).where('status', '=', 'pending').execute();
}

export async function insertUsers(ex: Executor, rows: readonly Insertable<UserTable>[]): Promise<void> {
  await insertMany(ex, 'users', rows);
}

export interface NewMember {
  userId: string;
  searchKey: string;
  audience: 'staff' | 'partner' | 'customer';
  profileId: string | null;
  customerIds: readonly string[];
  assignments: readonly { role: string; storeIds?: readonly string[] }[];
}

/**
 * Active memberships with their role assignments and customer accounts. The caller's
 * `inOrgTransaction` has bumped the org; each new member's own cached sessions are told too.
 */
export async function insertMembers(ex: Executor, orgId: string, members: readonly NewMember[], now: string): Promise<void> {
  if (members.length === 0) return;
  await insertMany(
    ex,
    'memberships',
    members.map((m) => ({ org_id: orgId, user_id: m.userId, status: 'active' as const, created_at: now, updated_at: now, search_key: m.searchKey, audience: m.audience, profile_id: m.profileId })),
  );
  const assignments = members.flatMap((m) =>
    m.assignments.flatMap((a) =>
      a.storeIds && a.storeIds.length > 0
        ? a.storeIds.map((s) => ({ org_id: orgId, user_id: m.userId, role_key: a.role, store_id: s }))
        : [{ org_id: orgId, user_id: m.userId, role_key: a.role, store_id: '' }],
    ),
  );
  await insertMany(ex, 'role_assignments', assignments);
  const customers = members.flatMap((m) => m.customerIds.map((c) => ({ org_id: orgId, user_id: m.userId, customer_id: c })));
  await insertMany(ex, 'member_customers', customers);
  await noteChanged(ex, ...members.map((m) => userTag(m.userId)));
}

/**
 * New set-your-password links; the open links of `existingUserIds` (people whose account was
 * there before this batch) stop working. An account the batch itself created has none.
 */
export async function insertPasswordResets(ex: Executor, rows: readonly Selectable<PasswordResetTable>[], existingUserIds: readonly string[]): Promise<void> {
  if (rows.length === 0) return;
  const created = rows[0]?.created_at ?? '';
  await inChunks(existingUserIds, (ids) =>
    ex.updateTable('password_resets').set({ superseded_at: created }).where('user_id', 'in', ids).where('used_at', 'is', null).where('superseded_at', 'is', null).execute(),
  );
  await insertMany(ex, 'password_resets', rows);
}

/**
 * Shared mail bodies a batch's messages point at. Each batch writes the ones it uses (most
 * already exist: nothing happens), so a batch that rolled back and is run again, or a resumed
 * import, never points at a body that is not there.
 */
export async function insertMailBodies(ex: Executor, rows: readonly Insertable<MailBodyTable>[]): Promise<void> {
  if (rows.length === 0) return;
  await ex
    .insertInto('mail_bodies')
    .values([...rows])
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** Queues mail in the caller's transaction: sent if and only if the batch commits. */
export async function insertOutboxMails(ex: Executor, rows: readonly Insertable<MailOutboxTable>[]): Promise<void> {
  await insertMany(ex, 'mail_outbox', rows);
}

/** The audience, profile and customer accounts of a page of members (the team export's last columns). */
export async function memberAudiences(
  ex: Executor,
  orgId: string,
  userIds: readonly string[],
): Promise<{ memberships: { user_id: string; audience: 'staff' | 'partner' | 'customer'; profile_id: string | null }[]; customers: { user_id: string; customer_id: string }[] }> {
  if (userIds.length === 0) return { memberships: [], customers: [] };
  const ids = [...userIds];
  const [memberships, customers] = await Promise.all([
    ex.selectFrom('memberships').select(['user_id', 'audience', 'profile_id']).where('org_id', '=', orgId).where('user_id', 'in', ids).execute(),
    ex.selectFrom('member_customers').select(['user_id', 'customer_id']).where('org_id', '=', orgId).where('user_id', 'in', ids).execute(),
  ]);
  return { memberships, customers };
}

/** The first rows of an import that were not imported, in file order. */
export function listImportErrors(ex: Executor, importId: string, limit: number): Promise<ImportReportRow[]> {
  return ex.selectFrom('import_rows').selectAll().where('import_id', '=', importId).where('outcome', '=', 'error').orderBy('row_number').limit(limit).execute();
}
