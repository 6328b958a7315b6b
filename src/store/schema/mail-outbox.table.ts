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
}
