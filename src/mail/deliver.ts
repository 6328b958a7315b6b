import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';

// Loaded only when SMTP is configured: most installs use the development outbox, and an
// unused mail stack costs start time and memory.
const require = createRequire(import.meta.url);
import type { Deps } from '../container.js';

/** A claim older than this belongs to a worker that died mid-send; the row is tried again. */
const STALE_CLAIM_MS = 5 * 60_000;
/** After this many failed attempts a message is marked failed and left for an operator. */
const MAX_ATTEMPTS = 5;

export interface MailSender {
  send(message: { from: string; to: string; subject: string; text: string; html: string }): Promise<void>;
  close(): void;
}

/** nodemailer over `SMTP_URL`, or undefined when none is configured (development outbox). */
export function createMailSender(smtpUrl: string | undefined): MailSender | undefined {
  if (!smtpUrl) return undefined;
  const nodemailer = require('nodemailer') as typeof import('nodemailer');
  const transport: Transporter = nodemailer.createTransport(smtpUrl);
  return {
    send: async (m) => {
      await transport.sendMail(m);
    },
    close: () => transport.close(),
  };
}

/**
 * Claims one row for this worker: pending → sending in a single guarded UPDATE, so of two
 * instances racing for the same row exactly one sees a changed row and sends it.
 */
async function claim(deps: Pick<Deps, 'db'>, id: string, now: Date): Promise<boolean> {
  const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  const res = await deps.db
    .updateTable('mail_outbox')
    .set((eb) => ({ status: 'sending', claimed_at: now.toISOString(), attempts: eb('attempts', '+', 1) }))
    .where('id', '=', id)
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', stale)])]))
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/**
 * Sends every pending message once (tests call this to flush; the worker calls it on a timer).
 * Delivery is at-least-once only across a crash between the SMTP hand-off and the "sent"
 * mark; otherwise each row is sent exactly once. Returns how many were sent.
 */
export async function deliverPending(deps: Pick<Deps, 'db' | 'clock' | 'config'>, sender: MailSender, limit = 50): Promise<number> {
  const now = deps.clock();
  const stale = new Date(now.getTime() - STALE_CLAIM_MS).toISOString();
  const due = await deps.db
    .selectFrom('mail_outbox')
    .select('id')
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'sending'), eb('claimed_at', '<', stale)])]))
    .orderBy('id')
    .limit(limit)
    .execute();
  let sent = 0;
  for (const { id } of due) {
    if (!(await claim(deps, id, now))) continue;
    const row = await deps.db.selectFrom('mail_outbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    try {
      await sender.send({ from: deps.config.mailFrom, to: row.to_email, subject: row.subject, text: row.text_body, html: row.html_body });
      await deps.db.updateTable('mail_outbox').set({ status: 'sent', sent_at: deps.clock().toISOString(), last_error: null }).where('id', '=', id).execute();
      sent++;
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : 'send failed';
      await deps.db
        .updateTable('mail_outbox')
        .set({ status: row.attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', last_error: message })
        .where('id', '=', id)
        .execute();
    }
  }
  return sent;
}

/**
 * Starts the background delivery loop when SMTP is configured; without it, messages stay in
 * the development outbox. Returns a stop function. Every instance may run one: claims keep
 * them from sending the same row twice.
 */
export function startMailWorker(deps: Pick<Deps, 'db' | 'clock' | 'config'>, options: { intervalMs?: number; onError?: (err: unknown) => void } = {}): () => void {
  const sender = createMailSender(deps.config.smtpUrl);
  if (!sender) return () => {};
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await deliverPending(deps, sender);
    } catch (err) {
      options.onError?.(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.intervalMs ?? 2000);
  timer.unref();
  void tick();
  return () => {
    clearInterval(timer);
    sender.close();
  };
}
