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
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}
