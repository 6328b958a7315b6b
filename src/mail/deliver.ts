import { createRequire } from 'node:module';
import type { Transporter } from 'nodemailer';

// Loaded only when SMTP is configured: most installs use the development outbox, and an
// unused mail stack costs start time and memory.
const require = createRequire(import.meta.url);
import type { Deps } from '../container.js';
import { claimDueOutboxMail, markOutboxMailFailed, markOutboxMailSent } from '../store/queries/mail-outbox.queries.js';

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
 * Sends every due message once (tests call this to flush; the worker calls it on a timer).
 * Rows are claimed first (store/queries/mail-outbox.queries.ts: a batch with SKIP LOCKED on
 * PostgreSQL, row by row on SQLite), so workers on any number of instances never send the same
 * row. Delivery is at-least-once only across a crash between the SMTP hand-off and the "sent"
 * mark; otherwise each row is sent exactly once. Returns how many were sent.
 */
export async function deliverPending(deps: Pick<Deps, 'db' | 'dialect' | 'clock' | 'config'>, sender: MailSender, limit = 50): Promise<number> {
  const now = deps.clock();
  const staleBefore = new Date(now.getTime() - STALE_CLAIM_MS);
  let sent = 0;
  for await (const row of claimDueOutboxMail(deps.db, deps.dialect, now, staleBefore, limit)) {
    try {
      await sender.send({ from: deps.config.mailFrom, to: row.to_email, subject: row.subject, text: row.text_body, html: row.html_body });
      await markOutboxMailSent(deps.db, row.id, deps.clock());
      sent++;
    } catch (err) {
      const message = err instanceof Error ? err.message.slice(0, 500) : 'send failed';
      await markOutboxMailFailed(deps.db, row.id, message, row.attempts >= MAX_ATTEMPTS);
    }
  }
  return sent;
}

/**
 * Starts the background delivery loop when SMTP is configured; without it, messages stay in
 * the development outbox. Every instance may run one: claims keep them from sending the same
 * row twice. Returns a stop function whose promise resolves once a tick that is running has
 * finished (so the database is not closed under it) and the SMTP transport is closed.
 */
export function startMailWorker(
  deps: Pick<Deps, 'db' | 'dialect' | 'clock' | 'config'>,
  options: { intervalMs?: number; onError?: (err: unknown) => void } = {},
): () => Promise<void> {
  const sender = createMailSender(deps.config.smtpUrl);
  if (!sender) return async () => {};
  let running: Promise<void> | undefined;
  let stopped = false;
  const tick = () => {
    if (running || stopped) return;
    running = deliverPending(deps, sender)
      .then(
        () => undefined,
        (err: unknown) => options.onError?.(err),
      )
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(tick, options.intervalMs ?? 2000);
  timer.unref();
  tick();
  let stopping: Promise<void> | undefined;
  return () => {
    stopping ??= (async () => {
      stopped = true;
      clearInterval(timer);
      await running;
      sender.close();
    })();
    return stopping;
  };
}
