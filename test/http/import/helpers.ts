/** Shared steps of the import suites: upload a CSV over HTTP and count what an import touches. */
import type { TestApp } from '../../fixtures/test-app.js';

export const importsApi = (orgId: string) => `/api/v1/orgs/${orgId}/imports`;

/** Uploads `body` (text or bytes) as text/csv and returns status and parsed JSON. */
export async function upload(t: TestApp, orgId: string, token: string, body: string | Buffer, query = '') {
  const res = await fetch(`${t.baseUrl}${importsApi(orgId)}${query}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: typeof body === 'string' ? body : new Uint8Array(body) });
  const text = await res.text();
  await t.deps.afterReply.settled();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as any };
}

/** GET returning text (the CSV endpoints). */
export async function getText(t: TestApp, path: string, token: string) {
  const res = await fetch(`${t.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

/** Counts of everything an import may change in one org. */
export async function counts(t: TestApp, orgId: string) {
  const n = async (table: 'invitations' | 'memberships' | 'mail_outbox' | 'audit_events' | 'role_assignments') => {
    let q = t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).where('org_id', '=', orgId);
    if (table === 'audit_events') q = q.where('action', '!=', 'authz.refused');
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  return { invitations: await n('invitations'), memberships: await n('memberships'), mail: await n('mail_outbox'), audit: await n('audit_events'), assignments: await n('role_assignments') };
}

export const HEADER = 'email,first_name,last_name,phone,role,stores';
