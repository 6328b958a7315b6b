import { call, type TestApp } from '../../fixtures/test-app.js';

export interface CookieSession {
  status: number;
  cookie: string;
  setCookie: string;
  csrf: string;
  body: any;
}

/** Browser sign-in through the real endpoint; returns the cookie pair and the CSRF token. */
export async function login(t: TestApp, email: string, password: string, headers: Record<string, string> = {}): Promise<CookieSession> {
  const res = await call(t, 'POST', '/api/v1/auth/login', { body: { email, password }, headers });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('rc_session=')) ?? '';
  return { status: res.status, cookie: setCookie.split(';')[0] ?? '', setCookie, csrf: res.body?.csrfToken ?? '', body: res.body };
}

/** Audit rows with this action, oldest first. */
export function auditRows(t: TestApp, action: string, targetId?: string) {
  let q = t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', action).orderBy('id');
  if (targetId) q = q.where('target_id', '=', targetId);
  return q.execute();
}

/** Queued messages to one address, newest first. */
export function mailTo(t: TestApp, to: string) {
  return t.deps.db.selectFrom('mail_outbox').selectAll().where('to_email', '=', to).orderBy('created_at', 'desc').orderBy('id', 'desc').execute();
}

/** The reset token from the newest reset email to `to` (the link's fragment). */
export async function resetTokenFor(t: TestApp, to: string): Promise<string> {
  const [mail] = (await mailTo(t, to)).filter((m) => m.template === 'password_reset');
  const m = /reset-password#token=([A-Za-z0-9_-]+)/.exec(mail?.text_body ?? '');
  if (!m?.[1]) throw new Error(`no reset mail for ${to}`);
  return m[1];
}
