/**
 * Runs a people import: a dry run that only reports, or a real run in batches, each batch one
 * org-locked transaction holding the rows' effects, their report lines and the import's
 * progress. A process killed mid-run loses nothing committed and leaves the import `running`;
 * running the same file again resumes after the last committed row, and every row's effect is
 * keyed by its email, so nothing is done twice.
 */
import { AppError } from '../contracts/errors.js';
import type { Deps } from '../container.js';
import { authorityOf } from '../domain/authority.js';
import { normalizeEmail } from '../domain/email.js';
import type { ImportMode } from '../domain/import-plan.js';
import { memberSearchKey } from '../store/queries/member.queries.js';
import { newId } from '../lib/ids.js';
import { newToken } from '../lib/tokens.js';
import type { Executor } from '../store/database.js';
import {
  findImport,
  findUnfinishedImport,
  finishImport,
  type ImportRecord,
  insertImport,
  insertInvitations,
  insertMailBodies,
  insertMembers,
  insertOutboxMails,
  insertPasswordResets,
  insertUsers,
  type OutcomeCounts,
  recordBatch,
  updatePendingInvitation,
} from '../store/queries/import.queries.js';
import { inOrgTransaction } from '../store/queries/org.queries.js';
import { findUserById } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { isUniqueViolation } from '../store/unique.js';
import { actorId, openOrg, type OrgAccess, requireSupportReason } from './access.js';
import { audit, type AuditFacts, auditAll } from './audit.js';
import type { RequestContext } from './context.js';
import { enforce } from './decision-error.js';
import { type BatchPlan, invitationFor, type MailFacts, passwordLinkFor, planBatch, type RowReport, type SharedBody } from './import-batch.js';
import type { FileRow, ImportFile } from './import-file.js';
import { displayName } from './invitations/invitation-view.js';

/**
 * Rows per transaction. Each commit rewrites the index pages its rows touched, and the email and
 * token indexes take rows in random order, so fewer, larger batches write much less (a
 * 100,000-row import on SQLite: 1,000-row batches ~3.5 s of commits, 5,000-row ~1.5 s). The
 * org stays locked while a batch runs: about half a second on SQLite, a second on PostgreSQL,
 * during which other changes to the same org wait.
 */
export const IMPORT_BATCH = 5000;

export interface ImportOptions {
  mode: ImportMode;
  fileName?: string | undefined;
  /** Platform staff: the requester check and reason, as for any change they make. */
  reason?: string | undefined;
}

export type Progress = (done: number, total: number) => void;

/** Rows whose email an earlier row of the file already has, mapped to that earlier row. */
function duplicatesOf(rows: readonly FileRow[]): Map<number, number> {
  const first = new Map<string, number>();
  const dupes = new Map<number, number>();
  for (const r of rows) {
    if (r.problem) continue;
    const e = normalizeEmail(r.fields.email ?? '');
    if (!e.ok) continue;
    const seen = first.get(e.key);
    if (seen === undefined) first.set(e.key, r.row);
    else dupes.set(r.row, seen);
  }
  return dupes;
}

function batches<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += IMPORT_BATCH) out.push(rows.slice(i, i + IMPORT_BATCH));
  return out;
}

export function countOutcomes(reports: readonly RowReport[]): OutcomeCounts {
  const c = { created: 0, updated: 0, unchanged: 0, errors: 0 };
  for (const r of reports) {
    if (r.outcome === 'create') c.created++;
    else if (r.outcome === 'update') c.updated++;
    else if (r.outcome === 'unchanged') c.unchanged++;
    else c.errors++;
  }
  return c;
}

/** The org as the importer may change it: a member who manages the team (or platform staff with a reason). */
async function openForImport(ex: Executor, ctx: RequestContext, orgId: string, reason: string | undefined): Promise<OrgAccess> {
  const org = await openOrg(ex, ctx.principal, orgId);
  requireSupportReason(org, reason);
  const refusal = authorityOf(org.ctx, org.actor).refusal;
  if (refusal) enforce(refusal);
  return org;
}

/** Checks every row and says what importing would do, changing nothing. */
export async function dryRunImport(deps: Deps, ctx: RequestContext, orgId: string, file: ImportFile, options: ImportOptions, progress?: Progress): Promise<RowReport[]> {
  const org = await openForImport(deps.db, ctx, orgId, options.reason);
  const now = deps.clock().toISOString();
  const dupes = duplicatesOf(file.rows);
  const reports: RowReport[] = [];
  for (const batch of batches(file.rows)) {
    const plan = await planBatch(deps.db, org, options.mode, batch, dupes, now, false);
    reports.push(...plan.reports);
    progress?.(reports.length, file.rows.length);
  }
  return reports;
}

/**
 * Starts a real import of `file`, or picks up the run of the same file a killed process left
 * unfinished. Returns its record; `runImport` does the work.
 */
export async function startImport(deps: Deps, ctx: RequestContext, orgId: string, file: ImportFile, options: ImportOptions): Promise<ImportRecord> {
  const org = await openForImport(deps.db, ctx, orgId, options.reason);
  return inTransaction(deps.db, async (trx) => {
    const unfinished = await findUnfinishedImport(trx, orgId, file.hash, options.mode);
    if (unfinished) return unfinished;
    const iso = deps.clock().toISOString();
    const id = newId();
    await insertImport(trx, {
      id,
      org_id: orgId,
      created_by: actorId(org.actor),
      file_name: options.fileName ?? '',
      file_hash: file.hash,
      mode: options.mode,
      total_rows: file.rows.length,
      failure: null,
      created_at: iso,
      updated_at: iso,
      finished_at: null,
    });
    const created = await findImport(trx, orgId, id);
    if (!created) throw new AppError('internal_error');
    return created;
  });
}

/** The distinct shared bodies a batch's messages use, as rows. */
function bodiesOf(messages: readonly { body: SharedBody }[], iso: string) {
  const bodies = new Map(messages.map(({ body }) => [body.id, { id: body.id, text_body: body.text, html_body: body.html, slots: JSON.stringify(body.slots), created_at: iso }]));
  return [...bodies.values()];
}

/** Writes one batch's planned changes, their mail and their audit events. */
async function applyBatch(trx: Executor, ctx: RequestContext, org: OrgAccess, plan: BatchPlan, mode: ImportMode, mail: MailFacts, now: Date, reason: string | undefined): Promise<void> {
  const iso = now.toISOString();
  const orgId = org.row.id;
  const by = actorId(org.actor);
  const events: AuditFacts[] = [];
  const creates = plan.planned.flatMap((p) => (p.kind === 'create' ? [p] : []));
  if (mode === 'invite') {
    const made = creates.map((p) => ({ p, ...invitationFor(org, by, mail, p.person, now) }));
    await insertInvitations(trx, made.map((m) => m.invitation));
    await insertMailBodies(trx, bodiesOf(made, iso));
    await insertOutboxMails(trx, made.map((m) => m.mail));
    for (const m of made) {
      events.push({ orgId, action: 'invitation.created', targetType: 'invitation', targetId: m.invitation.id, after: { email: m.p.person.email, roles: m.p.person.assignments, status: 'pending', expiresAt: m.expiresAt }, reason });
    }
  } else {
    const people = creates.map((p) => ({ p, userId: p.userId ?? newId() }));
    await insertUsers(
      trx,
      people
        .filter(({ p }) => p.userId === null)
        .map(({ p, userId }) => ({
          id: userId,
          email: p.person.email,
          email_key: p.person.emailKey,
          first_name: p.person.firstName ?? '',
          last_name: p.person.lastName ?? '',
          phone: p.person.phone,
          password_hash: null,
          platform_role: null,
          locked_until: null,
          last_sign_in_at: null,
          password_changed_at: null,
          created_at: iso,
          updated_at: iso,
        })),
    );
    await insertMembers(
      trx,
      orgId,
      people.map(({ p, userId }) => ({
        userId,
        searchKey: memberSearchKey({ first_name: p.person.firstName ?? '', last_name: p.person.lastName ?? '', email: p.person.email }),
        audience: p.person.audience,
        profileId: p.person.profile?.id ?? null,
        customerIds: p.person.customerIds,
        assignments: p.person.assignments,
      })),
      iso,
    );
    // Someone who already has a password (from another business) signs in with it.
    const links = people.filter(({ p }) => !p.hasPassword).map(({ p, userId }) => passwordLinkFor(org, by, mail, userId, p.person, now));
    await insertPasswordResets(
      trx,
      links.map((l) => l.reset),
      people.flatMap(({ p }) => (p.userId === null || p.hasPassword ? [] : [p.userId])),
    );
    await insertMailBodies(trx, bodiesOf(links, iso));
    await insertOutboxMails(trx, links.map((l) => l.mail));
    for (const { p, userId } of people) events.push({ orgId, action: 'member.added', targetType: 'user', targetId: userId, after: { email: p.person.email, roles: p.person.assignments }, reason });
  }
  for (const p of plan.planned) {
    if (p.kind !== 'update') continue;
    await updatePendingInvitation(trx, orgId, p.invitationId, {
      roles: JSON.stringify(p.person.assignments),
      audience: p.person.audience,
      profile_id: p.person.profile?.id ?? null,
      customer_ids: JSON.stringify(p.person.customerIds),
      first_name: p.person.firstName,
      last_name: p.person.lastName,
      updated_at: iso,
    });
    events.push({ orgId, action: 'invitation.updated', targetType: 'invitation', targetId: p.invitationId, before: { roles: p.before.assignments }, after: { email: p.person.email, roles: p.person.assignments }, reason });
  }
  await auditAll(trx, ctx, now, events);
}

/** One batch in its own transaction; false when the import is no longer running (another run finished it). */
async function runBatch(deps: Deps, ctx: RequestContext, importId: string, orgId: string, batch: readonly FileRow[], dupes: ReadonlyMap<number, number>, options: ImportOptions, mail: MailFacts): Promise<boolean> {
  return inOrgTransaction(deps.db, orgId, async (trx) => {
    const record = await findImport(trx, orgId, importId);
    if (record?.status !== 'running') return false;
    // Under the org lock: rows another run of this file committed meanwhile are skipped.
    const todo = batch.filter((r) => r.row > record.processed_through);
    const last = batch.at(-1);
    if (todo.length === 0 || !last) return true;
    const org = await openForImport(trx, ctx, orgId, options.reason);
    const now = deps.clock();
    const plan = await planBatch(trx, org, options.mode, todo, dupes, now.toISOString(), true);
    await applyBatch(trx, ctx, org, plan, options.mode, mail, now, options.reason);
    await recordBatch(trx, importId, plan.reports.map((r) => ({ import_id: importId, row_number: r.row, email: r.email, outcome: r.outcome, code: r.code, message: r.message })), last.row, countOutcomes(plan.reports), now.toISOString());
    return true;
  });
}

/**
 * Works through the file from where the import stands. A failure other than a crash marks the
 * import failed with the reason (and rethrows); running the file again then starts a new run,
 * in which the rows already done read as unchanged.
 */
export async function runImport(deps: Deps, ctx: RequestContext, record: ImportRecord, file: ImportFile, options: ImportOptions, progress?: Progress): Promise<void> {
  const orgId = record.org_id;
  const dupes = duplicatesOf(file.rows);
  const org = await openForImport(deps.db, ctx, orgId, options.reason);
  const inviter = await findUserById(deps.db, actorId(org.actor));
  const mail: MailFacts = { deps, orgName: org.row.name, inviterName: inviter ? displayName(inviter) : 'Your team', inviteTtlDays: org.row.invite_ttl_days, bodies: new Map(), slots: { token: newToken(), name: newToken() } };
  try {
    for (const batch of batches(file.rows)) {
      const last = batch.at(-1)?.row ?? 0;
      if (last > record.processed_through) {
        let going = false;
        // A person created meanwhile by another business's invitation can collide on their
        // email: the batch rolls back whole and is read again, seeing them.
        for (let attempt = 1; ; attempt++) {
          try {
            going = await runBatch(deps, ctx, record.id, orgId, batch, dupes, options, mail);
            break;
          } catch (err) {
            if (!isUniqueViolation(err) || attempt >= 3) throw err;
          }
        }
        if (!going) return;
      }
      progress?.(Math.min(last - 1, file.rows.length), file.rows.length);
    }
    await inTransaction(deps.db, async (trx) => {
      const done = await findImport(trx, orgId, record.id);
      if (!done || !(await finishImport(trx, record.id, 'completed', null, deps.clock().toISOString()))) return;
      await audit(trx, ctx, deps.clock(), {
        orgId,
        action: 'import.completed',
        targetType: 'import',
        targetId: record.id,
        after: { fileName: done.file_name, mode: done.mode, rows: done.total_rows, created: done.created_count, updated: done.updated_count, unchanged: done.unchanged_count, errors: done.error_count },
        reason: options.reason,
      });
    });
  } catch (err) {
    const failure = err instanceof AppError ? err.message : 'The import stopped because of an error on our side; run the same file again to finish it.';
    await finishImport(deps.db, record.id, 'failed', failure, deps.clock().toISOString());
    throw err;
  }
}
