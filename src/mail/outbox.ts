import { newId } from '../lib/ids.js';
import type { Executor } from '../store/database.js';

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
  await ex
    .insertInto('mail_outbox')
    .values({
      id,
      org_id: mail.orgId ?? null,
      to_email: mail.to,
      template: mail.template,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
      last_error: null,
      created_at: now.toISOString(),
      sent_at: null,
    })
    .execute();
  return id;
}
