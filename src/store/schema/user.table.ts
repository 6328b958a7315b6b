import type { Generated } from 'kysely';

export interface UserTable {
  id: string;
  /** As the person typed it (trimmed); shown back to them. */
  email: string;
  /** Normalized (see domain/email.ts); the one global identity. */
  email_key: string;
  first_name: Generated<string>;
  last_name: Generated<string>;
  phone: string | null;
  /** null until the user sets a password (invited, not yet accepted). */
  password_hash: string | null;
  status: Generated<'active' | 'deactivated'>;
  platform_role: 'support_agent' | 'support_admin' | null;
  failed_sign_ins: Generated<number>;
  locked_until: string | null;
  last_sign_in_at: string | null;
  password_changed_at: string | null;
  created_at: string;
  updated_at: string;
}
