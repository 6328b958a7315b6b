/**
 * One batch of import rows: checked against the org as it is inside the batch's transaction,
 * then written with a handful of batched statements. Rows are independent: a bad row is
 * reported and the good ones around it go ahead.
 */
import { createHash } from 'node:crypto';
import type { GrantProfile } from '../domain/audiences.js';
import { type ExistingState, type GrantFacts, grantKey, type ImportMode, personGrant, planImportRow } from '../domain/import-plan.js';
import { canImportPerson, type ImportLookup, type ImportPerson, importAuthority, profileKey, readImportRow } from '../domain/import-row.js';
import { profileGrants } from '../domain/profile-grants.js';
import type { ProfileLevels } from '../domain/profiles.js';
import type { Decision, RoleAssignment } from '../domain/types.js';
import type { Deps } from '../container.js';
import { newId } from '../lib/ids.js';
import { hashToken, newToken } from '../lib/tokens.js';
import { renderInvitation } from '../mail/templates/invitation.js';
import { escapeHtml, type MailContent } from '../mail/templates/render.js';
import { setPasswordMail } from '../mail/templates/set-password.js';
import type { BodyFill } from '../store/queries/mail-outbox.queries.js';
import type { Executor } from '../store/database.js';
import { activeStoreCodes, customersByNumbers, type EmailHoldings, holdingsOf, profilesOfOrg } from '../store/queries/import.queries.js';
import { loadGrants } from '../store/queries/member.queries.js';
import type { OrgAccess } from './access.js';
import { setPasswordLink } from './password-setup.js';
import { refusalError } from './decision-error.js';
import type { FileRow } from './import-file.js';
import { listCell } from '../domain/import-columns.js';

/** A row's line in the report. */
export interface RowReport {
  row: number;
  email: string;
  outcome: 'create' | 'update' | 'unchanged' | 'error';
  code: string | null;
  message: string | null;
}

/** A row that passed every check, with what to do. */
export type PlannedRow =
  | { kind: 'create'; row: number; person: ImportPerson; userId: string | null; hasPassword: boolean }
  | { kind: 'update'; row: number; person: ImportPerson; invitationId: string; before: GrantFacts };

export interface BatchPlan {
  reports: RowReport[];
  planned: PlannedRow[];
}

const report = (row: number, email: string, outcome: RowReport['outcome'], code: string | null = null, message: string | null = null): RowReport => ({ row, email, outcome, code, message });

/** The org's stores, profiles and the batch's customer accounts, as rows are checked against them. */
async function lookupFor(ex: Executor, org: OrgAccess, rows: readonly FileRow[]): Promise<ImportLookup> {
  const numbers = [...new Set(rows.flatMap((r) => listCell(r.fields.customer)))];
  const [stores, profiles, customers] = await Promise.all([activeStoreCodes(ex, org.row.id), profilesOfOrg(ex, org.row.id), customersByNumbers(ex, org.row.id, numbers)]);
  const profileMap = new Map<string, GrantProfile>();
  for (const p of profiles) {
    const levels = JSON.parse(p.levels) as ProfileLevels;
    profileMap.set(profileKey(p.audience, p.name), { id: p.id, name: p.name, audience: p.audience, permissions: profileGrants(p.audience, levels) });
  }
  return {
    org: org.ctx,
    storeByCode: new Map(stores.map((s) => [s.code.toLowerCase(), s.id])),
    profiles: profileMap,
    customerByNumber: new Map(customers.flatMap((c) => (c.number === null ? [] : [[c.number, c.id] as const]))),
  };
}

/** What the org holds for each email of the batch. */
async function statesOf(ex: Executor, orgId: string, holdings: EmailHoldings): Promise<Map<string, { state: ExistingState; userId: string | null; hasPassword: boolean }>> {
  const memberIds = holdings.memberships.map((m) => m.user_id);
  const grants = await loadGrants(ex, orgId, memberIds);
  const membership = new Map(holdings.memberships.map((m) => [m.user_id, m]));
  const customers = new Map<string, string[]>();
  for (const c of holdings.memberCustomers) customers.set(c.user_id, [...(customers.get(c.user_id) ?? []), c.customer_id]);
  const out = new Map<string, { state: ExistingState; userId: string | null; hasPassword: boolean }>();
  for (const inv of holdings.invitations) {
    const grant: GrantFacts = { audience: inv.audience, assignments: JSON.parse(inv.roles) as RoleAssignment[], profileId: inv.profile_id, customerIds: JSON.parse(inv.customer_ids) as string[] };
    out.set(inv.email_key, { state: { kind: 'invitation', id: inv.id, grant, firstName: inv.first_name, lastName: inv.last_name }, userId: null, hasPassword: false });
  }
  for (const u of holdings.users) {
    const m = membership.get(u.id);
    const pending = out.get(u.email_key);
    if (m) {
      const grant: GrantFacts = { audience: m.audience, assignments: grants.get(u.id)?.assignments ?? [], profileId: m.profile_id, customerIds: customers.get(u.id) ?? [] };
      out.set(u.email_key, { state: { kind: 'member', grant }, userId: u.id, hasPassword: u.has_password });
    } else if (pending) out.set(u.email_key, { ...pending, userId: u.id, hasPassword: u.has_password });
    else out.set(u.email_key, { state: u.status === 'deactivated' ? { kind: 'deactivated' } : { kind: 'none' }, userId: u.id, hasPassword: u.has_password });
  }
  return out;
}

/**
 * Checks a batch and decides each row's outcome, changing nothing (a dry run stops here).
 * `duplicates` maps a row to the earlier row with the same email: only the first is imported.
 * `expire` lets a real run mark past-due invitations expired as it reads them.
 */
export async function planBatch(ex: Executor, org: OrgAccess, mode: ImportMode, rows: readonly FileRow[], duplicates: ReadonlyMap<number, number>, now: string, expire: boolean): Promise<BatchPlan> {
  const lookup = await lookupFor(ex, org, rows);
  const checked = rows.map((r) => ({ r, check: r.problem ? undefined : duplicates.has(r.row) ? undefined : readImportRow(lookup, r.fields) }));
  const keys = checked.flatMap(({ check }) => (check?.ok ? [check.person.emailKey] : []));
  const holdings = await holdingsOf(ex, org.row.id, keys, now, expire);
  const states = await statesOf(ex, org.row.id, holdings);
  // Most rows of a file grant the same few things: decide each distinct grant once.
  const decisions = new Map<string, Decision>();
  const importer = importAuthority(org.ctx, org.actor);
  const reports: RowReport[] = [];
  const planned: PlannedRow[] = [];
  for (const { r, check } of checked) {
    const email = (r.fields.email ?? '').trim();
    if (r.problem) {
      reports.push(report(r.row, email, 'error', r.problem.code, r.problem.message));
      continue;
    }
    const first = duplicates.get(r.row);
    if (first !== undefined || !check) {
      reports.push(report(r.row, email, 'error', 'duplicate_email', `The same email is on row ${first}; only that row is imported.`));
      continue;
    }
    if (!check.ok) {
      reports.push(report(r.row, email, 'error', check.code, check.message));
      continue;
    }
    const person = check.person;
    const key = grantKey(personGrant(person));
    const decision = decisions.get(key) ?? canImportPerson(org.ctx, importer, person);
    decisions.set(key, decision);
    if (!decision.allowed) {
      const err = refusalError(decision);
      reports.push(report(r.row, person.email, 'error', err.code, err.message));
      continue;
    }
    const held = states.get(person.emailKey) ?? { state: { kind: 'none' } as const, userId: null, hasPassword: false };
    const plan = planImportRow(mode, person, held.state);
    if (plan.outcome === 'error') reports.push(report(r.row, person.email, 'error', plan.code, plan.message));
    else reports.push(report(r.row, person.email, plan.outcome));
    if (plan.outcome === 'create') planned.push({ kind: 'create', row: r.row, person, userId: held.userId, hasPassword: held.hasPassword });
    if (plan.outcome === 'update' && held.state.kind === 'invitation') planned.push({ kind: 'update', row: r.row, person, invitationId: plan.invitationId, before: held.state.grant });
  }
  return { reports, planned };
}

/**
 * A message body many people of the import get word for word, stored once (`mail_bodies`):
 * the random `slots` of `MailFacts` stand where each person's token (and name) go, and each
 * message carries its own values (`fill`). Rendering and storing a whole body per person was
 * the largest part of a large import.
 */
export interface SharedBody {
  /** sha256 of the body and its slots: the same body always has the same id. */
  id: string;
  subject: string;
  text: string;
  html: string;
  slots: string[];
}

/** Everything a batch's mail needs, computed once per import. */
export interface MailFacts {
  deps: Pick<Deps, 'config'>;
  orgName: string;
  inviterName: string;
  inviteTtlDays: number;
  /** Shared bodies by what sets them apart (template, roles, expiry day, whether a name is in it). */
  bodies: Map<string, SharedBody>;
  /** Where the token and the first name go: random per import (tokens themselves), so no name or text can contain them. */
  slots: { token: string; name: string };
}

function sharedBody(mail: MailFacts, key: string, slots: string[], render: () => MailContent): SharedBody {
  let body = mail.bodies.get(key);
  if (!body) {
    const r = render();
    const id = createHash('sha256').update(`${slots.join(',')}\u0000${r.text}\u0000${r.html}`).digest('base64url');
    body = { id, subject: r.subject, text: r.text, html: r.html, slots };
    mail.bodies.set(key, body);
  }
  return body;
}

/** A queued message made from a shared body: its own values in the body's slots, in order. */
function sharedMessage(orgId: string, to: string, template: string, body: SharedBody, fill: BodyFill, iso: string) {
  return { id: newId(), org_id: orgId, to_email: to, template, subject: body.subject, text_body: '', html_body: '', body_id: body.id, fill: JSON.stringify(fill), last_error: null, created_at: iso, sent_at: null };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** An invitation row and its email for one person. */
export function invitationFor(org: OrgAccess, inviterId: string, mail: MailFacts, person: ImportPerson, now: Date) {
  const token = newToken();
  const id = newId();
  const iso = now.toISOString();
  const expiresAt = new Date(now.getTime() + mail.inviteTtlDays * DAY_MS).toISOString();
  const roleNames = person.assignments.map((a) => org.ctx.roles.get(a.role)?.name ?? a.role);
  // Exactly as `renderInvitation` writes it, once per distinct roles and expiry day.
  const body = sharedBody(mail, JSON.stringify(['invitation', roleNames, expiresAt.slice(0, 10)]), [mail.slots.token], () =>
    renderInvitation({ orgName: mail.orgName, inviterName: mail.inviterName, roleNames, link: `${mail.deps.config.publicUrl}/accept-invite#token=${mail.slots.token}`, expiresAt }),
  );
  return {
    invitation: {
      id,
      org_id: org.row.id,
      email: person.email,
      email_key: person.emailKey,
      roles: JSON.stringify(person.assignments),
      status: 'pending' as const,
      token_hash: hashToken(token),
      invited_by: inviterId,
      first_name: person.firstName,
      last_name: person.lastName,
      expires_at: expiresAt,
      send_count: 1,
      last_sent_at: iso,
      accepted_at: null,
      accepted_user_id: null,
      created_at: iso,
      updated_at: iso,
      audience: person.audience,
      profile_id: person.profile?.id ?? null,
      customer_ids: JSON.stringify(person.customerIds),
    },
    mail: sharedMessage(org.row.id, person.email, 'invitation', body, [token], iso),
    body,
    expiresAt,
  };
}

/**
 * A set-your-password link and its email for a person added directly (create mode): the same
 * first message as adding one person directly (`setPasswordMail`), valid as long as an
 * invitation would be, since the person may not read the mail at once.
 */
export function passwordLinkFor(org: OrgAccess, requestedBy: string, mail: MailFacts, userId: string, person: ImportPerson, now: Date) {
  const { token, row } = setPasswordLink(userId, requestedBy, mail.inviteTtlDays, now);
  // Exactly as `setPasswordMail` writes it; the greeting's name is the one part that differs
  // besides the token (escaped for the HTML part, as `renderMail` would).
  const name = person.firstName?.trim() ?? '';
  const slots = name ? [mail.slots.token, mail.slots.name] : [mail.slots.token];
  const body = sharedBody(mail, JSON.stringify(['set_password', slots.length]), slots, () =>
    setPasswordMail({ publicUrl: mail.deps.config.publicUrl, token: mail.slots.token, orgName: mail.orgName, adderName: mail.inviterName, firstName: name ? mail.slots.name : null, days: mail.inviteTtlDays }),
  );
  const fill: BodyFill = name ? [token, [name, escapeHtml(name)]] : [token];
  return {
    reset: row,
    mail: sharedMessage(org.row.id, person.email, 'set_password', body, fill, row.created_at),
    body,
  };
}
