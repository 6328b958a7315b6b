import type { Executor } from '../store/database.js';
import { listRecentOutboxMail } from '../store/queries/mail-outbox.queries.js';

/**
 * The development mailbox: without SMTP, queued messages stay in `mail_outbox` and are listed
 * here, newest first (`GET /api/v1/dev/mail`; never on with SMTP or in production).
 */
export async function listDevMail(ex: Executor, limit = 100) {
  const rows = await listRecentOutboxMail(ex, limit);
  return rows.map((r) => ({ id: r.id, to: r.to_email, subject: r.subject, text: r.text_body, html: r.html_body, template: r.template, status: r.status, createdAt: r.created_at }));
}
