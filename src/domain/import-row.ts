/**
 * One row of a people import, checked by the same rules as a single invitation: the email's
 * identity rules, display-text rules, role, store and audience validation, and the delegation
 * rules (nobody grants more than they hold). Pure: the service looks up the org's stores,
 * profiles and customer accounts and passes them in.
 */
import { type GrantProfile, canGrantAudience, validateGrant } from './audiences.js';
import { type Actor, type Authority, authorityOf } from './authority.js';
import { assignWith } from './delegation-rules.js';
import { normalizeEmail } from './email.js';
import { type ImportColumn, listCell } from './import-columns.js';
import { cleanText } from './names.js';
import { resolveRole } from './presets/index.js';
import type { Audience, Decision, OrgContext, RoleAssignment } from './types.js';

/** What a row is checked against, looked up once per batch. */
export interface ImportLookup {
  readonly org: OrgContext;
  /** Active stores by lower-cased code. */
  readonly storeByCode: ReadonlyMap<string, string>;
  /** Profiles by `profileKey(audience, name)`. */
  readonly profiles: ReadonlyMap<string, GrantProfile>;
  /** Customer account ids by account number. */
  readonly customerByNumber: ReadonlyMap<string, string>;
}

/** The person and grant a valid row asks for, normalized. */
export interface ImportPerson {
  readonly email: string;
  readonly emailKey: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly audience: Audience;
  readonly assignments: RoleAssignment[];
  readonly profile: GrantProfile | null;
  readonly customerIds: string[];
}

export type RowFields = Partial<Record<ImportColumn, string>>;
export type RowCheck = { readonly ok: true; readonly person: ImportPerson } | { readonly ok: false; readonly code: string; readonly message: string };

export const profileKey = (audience: Audience, name: string): string => `${audience}:${name.trim().toLowerCase()}`;

const fail = (code: string, message: string): RowCheck => ({ ok: false, code, message });
/** Domain reasons are lower-case clauses; a report cell is a sentence. */
const sentence = (s: string): string => `${s.charAt(0).toUpperCase()}${s.slice(1)}${/[.!?]$/.test(s) ? '' : '.'}`;

const NAME_MAX = 200;
const PHONE = /^[0-9+()./ -]{3,40}$/;

function text(value: string | undefined, field: string): { ok: true; value: string | null } | { ok: false; message: string } {
  const v = cleanText(value ?? '');
  if (v === null) return { ok: false, message: `The ${field} contains control characters; retype it.` };
  if (v.length > NAME_MAX) return { ok: false, message: `The ${field} is longer than ${NAME_MAX} characters.` };
  return { ok: true, value: v === '' ? null : v };
}

function audienceOf(value: string | undefined): Audience | undefined {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return 'staff';
  return v === 'staff' || v === 'partner' || v === 'customer' ? v : undefined;
}

/** Reads and validates one row's cells into the person and grant it asks for. */
export function readImportRow(lookup: ImportLookup, fields: RowFields): RowCheck {
  const email = normalizeEmail(fields.email ?? '');
  if (!email.ok) return fail('invalid_email', email.reason);
  const first = text(fields.first_name, 'first name');
  if (!first.ok) return fail('validation_failed', first.message);
  const last = text(fields.last_name, 'last name');
  if (!last.ok) return fail('validation_failed', last.message);
  const phone = text(fields.phone, 'phone');
  if (!phone.ok) return fail('validation_failed', phone.message);
  if (phone.value !== null && !PHONE.test(phone.value)) return fail('validation_failed', 'A phone number holds digits, spaces and + ( ) - . / only.');
  const audience = audienceOf(fields.audience);
  if (audience === undefined) return fail('invalid_audience', 'The audience is staff, partner or customer (empty means staff).');

  const storeIds: string[] = [];
  for (const code of listCell(fields.stores)) {
    const id = lookup.storeByCode.get(code.toLowerCase());
    if (id === undefined) return fail('unknown_store', `No open store has the code "${code}" in this organization; check the store codes on the Stores page.`);
    storeIds.push(id);
  }
  const roles: RoleAssignment[] = [];
  for (const name of listCell(fields.role)) {
    const role = resolveRole(lookup.org.roles, name);
    if (role === undefined) return fail('unknown_role', `No role is called "${name}" in this organization; use a role name from the Roles page.`);
    // Stores go to the store-level roles of the row; an org-level role applies everywhere.
    roles.push(role.scope === 'store' && storeIds.length > 0 ? { role: role.key, storeIds } : { role: role.key });
  }
  if (roles.length === 0 && audience !== 'customer') return fail('invalid_assignment', 'Name a role for this person.');
  if (storeIds.length > 0 && !roles.some((r) => r.storeIds)) return fail('invalid_assignment', 'Stores are given, but no store-level role to hold them; org-level roles apply in every store.');

  const profileName = (fields.profile ?? '').trim();
  const profile = profileName === '' ? null : (lookup.profiles.get(profileKey(audience, profileName)) ?? null);
  if (profileName !== '' && profile === null) return fail('unknown_profile', `No ${audience} profile is called "${profileName}" in this organization.`);
  const customerIds: string[] = [];
  for (const number of listCell(fields.customer)) {
    const id = lookup.customerByNumber.get(number);
    if (id === undefined) return fail('unknown_customer_account', `No customer account has the number "${number}" in this organization.`);
    customerIds.push(id);
  }
  const grant = validateGrant(lookup.org, { audience, roles, profile, customerIds });
  if (!grant.ok) return fail(grant.code, sentence(grant.detail));
  return {
    ok: true,
    person: {
      email: email.email,
      emailKey: email.key,
      firstName: first.value,
      lastName: last.value,
      phone: phone.value,
      audience,
      assignments: grant.assignments,
      profile,
      customerIds: grant.customerIds,
    },
  };
}

/**
 * The importer's delegation authority, computed once per batch (computing it is the costly
 * part of a check when an org has many stores), with each distinct assignment decided once.
 */
export interface ImportAuthority {
  readonly actor: Actor;
  readonly auth: Authority;
  readonly decided: Map<string, Decision>;
}

export function importAuthority(org: OrgContext, actor: Actor): ImportAuthority {
  return { actor, auth: authorityOf(org, actor), decided: new Map() };
}

/**
 * May the importer give this person their grant? The single invitation's rules (`canInvite`:
 * team:manage, roles ranked below the importer's, only their stores, only permissions they
 * hold) on the already validated assignments, and the audience rules for partner and customer
 * users.
 */
export function canImportPerson(org: OrgContext, importer: ImportAuthority, person: ImportPerson): Decision {
  if (importer.auth.refusal) return importer.auth.refusal;
  for (const a of person.assignments) {
    const key = `${a.role}\u0000${(a.storeIds ?? []).join(',')}`;
    let d = importer.decided.get(key);
    if (d === undefined) {
      d = assignWith(org, importer.auth, a);
      importer.decided.set(key, d);
    }
    if (!d.allowed) return d;
  }
  return canGrantAudience(importer.actor, { audience: person.audience, profile: person.profile, customerIds: person.customerIds });
}

/** A refusal as a report sentence. */
export function refusalSentence(d: Extract<Decision, { allowed: false }>): string {
  return sentence(d.reasons[0] ?? 'you cannot grant this');
}
