/** Shared steps of the invitation suites: invite over HTTP and read the emailed token back. */
import { expect } from 'vitest';
import { type Person, tokenFor } from '../../fixtures/merchant.js';
import { call, type TestApp } from '../../fixtures/test-app.js';

export const api = (orgId: string) => `/api/v1/orgs/${orgId}/invitations`;

/** The newest queued invitation mail to `to`: its token (from the link) and the raw rows. */
export async function mailFor(t: TestApp, to: string) {
  const rows = await t.deps.db.selectFrom('mail_outbox').selectAll().where('to_email', '=', to).where('template', '=', 'invitation').orderBy('id', 'desc').execute();
  const latest = rows[0];
  if (!latest) throw new Error(`no invitation mail to ${to}`);
  const m = /accept-invite#token=([A-Za-z0-9_-]+)/.exec(latest.text_body);
  if (!m?.[1]) throw new Error('no token in the mail');
  return { token: m[1], mail: latest, count: rows.length };
}

/** Invites over HTTP, expects 201, returns the invitation and its emailed token. */
export async function invite(t: TestApp, orgId: string, token: string, body: Record<string, unknown>) {
  const res = await call(t, 'POST', api(orgId), { token, body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const { token: inviteToken } = await mailFor(t, String(body.email).trim());
  return { invitation: res.body, token: inviteToken };
}

/** Counts rows so a refusal can prove it changed nothing. */
export async function snapshot(t: TestApp, orgId: string) {
  const count = async (table: 'invitations' | 'memberships' | 'mail_outbox' | 'audit_events' | 'users') => {
    let q = t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n'));
    if (table !== 'users') q = q.where('org_id', '=', orgId);
    // A refused request may log itself (authz.refused, ASVS 16.3.2); that is not a change.
    if (table === 'audit_events') q = q.where('action', '!=', 'authz.refused');
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  return {
    invitations: await count('invitations'),
    memberships: await count('memberships'),
    mail: await count('mail_outbox'),
    audit: await count('audit_events'),
    users: await count('users'),
    statuses: (await t.deps.db.selectFrom('invitations').select(['id', 'status', 'token_hash', 'send_count', 'expires_at']).where('org_id', '=', orgId).orderBy('id').execute()),
  };
}

export const NEW_PASSWORD = 'purple walrus juggles seven lanterns';

/**
 * Moves the test clock and signs everyone in again: sessions idle out after an hour, so a jump of
 * days would otherwise sign the whole cast out.
 */
export async function advanceAndResign(t: TestApp, ms: number, ...merchants: { people: Record<string, Person> }[]) {
  t.clock.advance(ms);
  for (const m of merchants) for (const p of Object.values(m.people)) p.token = await tokenFor(t, p.email);
}
