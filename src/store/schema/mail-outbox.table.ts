import type { Generated } from 'kysely';

export interface MailOutboxTable {
  id: string;
  org_id: string | null;
  to_email: string;
  /** invitation, password_reset, password_changed, signed_out_elsewhere, ... */
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  /** pending → sending (claimed by one worker) → sent, or back to pending / failed after errors. */
  status: Generated<'pending' | 'sending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** When a worker claimed the row; a stale claim (worker died) is retried. */
  claimed_at: Generated<string | null>;
  /** A shared body (`mail_bodies`) this message's text and HTML come from, with `fill` (JSON, `BodyFill`) in its slots. */
  body_id: Generated<string | null>;
  fill: Generated<string | null>;
}

/** A message body shared by many messages (1300 migration). */
export interface MailBodyTable {
  id: string;
  text_body: string;
  html_body: string;
  /** JSON array of the strings that stand where each message's own values go. */
  slots: string;
  created_at: string;
}
