import { newId } from '../lib/ids.js';
import type { Executor } from '../store/database.js';
import { insertOutboxMail } from '../store/queries/mail-outbox.queries.js';

export interface OutgoingMail {
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
  orgId?: string | null | undefined;
}

/**
 * Queues a rendered message in the caller's transaction: the mail is sent if and only if the
 * change that caused it commits. A delivery worker picks it up.
 */
export async function enqueueMail(ex: Executor, now: Date, mail: OutgoingMail): Promise<string> {
  const id = newId();
  await insertOutboxMail(ex, { id, orgId: mail.orgId ?? null, to: mail.to, template: mail.template, subject: mail.subject, text: mail.text, html: mail.html, createdAt: now });
  return id;
}
