import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { Database, Db, Executor } from '../database.js';
import type { DialectName } from '../dialect.js';
import type { MailOutboxTable } from '../schema/mail-outbox.table.js';

export type OutboxRow = Selectable<MailOutboxTable>;

/** A message to queue, rendered. */
export interface NewOutboxRow {
  id: string;
  orgId: string | null;
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  createdAt: Date;
}

/** Queues one message (in the caller's transaction, so it is sent only if that commits). */
export async function insertOutboxMail(ex: Executor, m: NewOutboxRow): Promise<void> {
  await ex
    .insertInto('mail_outbox')
    .values({
      id: m.id,
      org_id: m.orgId,
      to_email: m.to,
      template: m.template,
      subject: m.subject,
      text_body: m.text,
      html_body: m.html,
      last_error: null,
      created_at: m.createdAt.toISOString(),
      sent_at: null,
    })
    .execute();
}

/**
 * What a message puts in its shared body's slots, in their order: one text for both parts, or
 * `[plain, html]` where the HTML part needs the value escaped (a name; a token needs nothing).
 */
export type BodyFill = (string | [string, string])[];

/**
 * Messages whole: one that points at a shared body (1300 migration: a bulk import's mail) gets
 * that body with its own `fill` in the slots. Every reader of the outbox goes through here, so
 * no one sees a message without its text.
 */
async function withBodies(ex: Executor, rows: OutboxRow[]): Promise<OutboxRow[]> {
  const ids = [...new Set(rows.flatMap((r) => (r.body_id === null ? [] : [r.body_id])))];
  if (ids.length === 0) return rows;
  const bodies = new Map((await ex.selectFrom('mail_bodies').selectAll().where('id', 'in', ids).execute()).map((b) => [b.id, b]));
  return rows.map((r) => {
    const body = r.body_id === null ? undefined : bodies.get(r.body_id);
    if (!body) return r;
    const slots = JSON.parse(body.slots) as string[];
    const fill = JSON.parse(r.fill ?? '[]') as BodyFill;
    let text = body.text_body;
    let html = body.html_body;
    slots.forEach((slot, i) => {
      const value = fill[i] ?? '';
      const [plain, escaped] = typeof value === 'string' ? [value, value] : value;
      // Functions, so nothing in a value is read as a replacement pattern (`$&`).
      text = text.replaceAll(slot, () => plain);
      html = html.replaceAll(slot, () => escaped);
    });
    return { ...r, text_body: text, html_body: html };
  });
}

/** The development mailbox: the newest messages first. */
export async function listRecentOutboxMail(ex: Executor, limit: number): Promise<OutboxRow[]> {
  return withBodies(ex, await ex.selectFrom('mail_outbox').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute());
}

/** Queued messages to one address, whole, newest first (what the tests read a person's mail with). */
export async function outboxMailTo(ex: Executor, to: string): Promise<OutboxRow[]> {
  return withBodies(ex, await ex.selectFrom('mail_outbox').selectAll().where('to_email', '=', to).orderBy('created_at', 'desc').orderBy('id', 'desc').execute());
}

/**
 * Claims up to `limit` messages that are due (pending, or claimed by a worker that died: a
 * claim older than `staleBefore`) for this worker, oldest first: each becomes `sending` with
 * one more attempt. Yields each claimed row, once.
 *
 * PostgreSQL: the whole batch in ONE statement; `FOR UPDATE SKIP LOCKED` lets workers on many
 * instances claim at the same moment without waiting on each other, and never the same row
 * (a row another worker is claiming is skipped; one it has claimed is no longer due).
 * SQLite (one process): row by row, just before each is sent, each with a guarded UPDATE, so of
 * two workers racing for a row exactly one gets it.
 */
export async function* claimDueOutboxMail(db: Db, dialect: DialectName, now: Date, staleBefore: Date, limit: number): AsyncGenerator<OutboxRow> {
  const claimedAt = now.toISOString();
  const stale = staleBefore.toISOString();
  if (dialect === 'postgres') {
    const rows = await db
      .updateTable('mail_outbox')
      .set((eb) => ({ status: 'sending', claimed_at: claimedAt, attempts: eb('attempts', '+', 1) }))
      .where(
        'id',
        'in',
        sql<string>`(select id from mail_outbox where status = 'pending' or (status = 'sending' and claimed_at < ${stale}) order by id limit ${limit} for update skip locked)`,
      )
      .returningAll()
      .execute();
    // RETURNING promises no order.
    yield* await withBodies(db, rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    return;
  }
  const due = await db.selectFrom('mail_outbox').select('id').where((eb) => isDue(eb, stale)).orderBy('id').limit(limit).execute();
  for (const { id } of due) {
    const row = await db
      .updateTable('mail_outbox')
      .set((eb) => ({ status: 'sending', claimed_at: claimedAt, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where((eb) => isDue(eb, stale))
      .returningAll()
      .executeTakeFirst();
    if (row) yield* await withBodies(db, [row]);
  }
}

function isDue(eb: ExpressionBuilder<Database, 'mail_outbox'>, stale: string) {
  return eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', stale)])]);
}

/** Handed to SMTP: done. */
export async function markOutboxMailSent(ex: Executor, id: string, at: Date): Promise<void> {
  await ex.updateTable('mail_outbox').set({ status: 'sent', sent_at: at.toISOString(), last_error: null }).where('id', '=', id).execute();
}

/** A failed send: tried again later, or left `failed` for an operator when `giveUp`. */
export async function markOutboxMailFailed(ex: Executor, id: string, error: string, giveUp: boolean): Promise<void> {
  await ex
    .updateTable('mail_outbox')
    .set({ status: giveUp ? 'failed' : 'pending', last_error: error })
    .where('id', '=', id)
    .execute();
}

/** Messages waiting to be sent and messages given up on, for /metrics. */
export async function countOutboxBacklog(ex: Executor): Promise<{ pending: number; failed: number }> {
  const rows = await ex
    .selectFrom('mail_outbox')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .where('status', 'in', ['pending', 'failed'])
    .groupBy('status')
    .execute();
  const n = (status: string) => Number(rows.find((r) => r.status === status)?.n ?? 0);
  return { pending: n('pending'), failed: n('failed') };
}
