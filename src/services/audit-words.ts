/**
 * The user history in words (issue 16 item 5): each event as a sentence naming people, stores
 * and roles ("Hana Okafor suspended Ben Carter in Old Town"), and the change as before → after
 * per field in plain words. Composed here so API clients and the console say the same thing;
 * the raw fields stay on the event for machines. Names for a whole page come from one query.
 */
import { listInWords, permissionInWords } from '../domain/permission-words.js';
import { type Permission, STATEMENT } from '../domain/permissions.js';
import type { Executor } from '../store/database.js';
import { type AuditNameRow, type AuditRow, findAuditNames, findRecordedRoles } from '../store/queries/audit.queries.js';

export interface AuditChange {
  field: string;
  before: string;
  after: string;
}

export interface AuditWords {
  summary: string;
  changes: AuditChange[];
}

/** Every recorded action, as a label for the action filter ("Member suspended"). */
export const ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.email_change_failed': 'Email change refused',
  'auth.locked': 'Account locked after failed sign-ins',
  'customer.created': 'Customer account added',
  'customer.deleted': 'Customer account deleted',
  'customer.updated': 'Customer account changed',
  'profile.created': 'Profile created',
  'profile.deleted': 'Profile deleted',
  'profile.updated': 'Profile changed',
  'auth.password_change_failed': 'Password change refused',
  'auth.password_changed': 'Password changed',
  'auth.password_reset': 'Password reset completed',
  'auth.password_reset_requested': 'Password reset requested',
  'auth.second_factor_failed': 'Two-step sign-in failed',
  'auth.second_factor_pending': 'Two-step sign-in started',
  'auth.sign_in_failed': 'Sign-in failed',
  'auth.signed_in': 'Signed in',
  'auth.sso_refused': 'Sign-in through the identity provider refused',
  'authz.refused': 'Action refused',
  'invitation.accepted': 'Invitation accepted',
  'invitation.cancelled': 'Invitation cancelled',
  'invitation.created': 'Person invited',
  'invitation.resent': 'Invitation resent',
  'invitation.updated': 'Invitation changed by an import',
  'import.completed': 'People imported from a file',
  'identity_provider.removed': 'Identity provider removed',
  'identity_provider.set': 'Identity provider set',
  'member.added': 'Member added',
  'member.created': 'Person created without an invitation',
  'member.details_changed': 'Personal details changed',
  'member.password_reset_started': 'Password reset sent by an admin',
  'member.reactivated': 'Member reactivated',
  'member.removed': 'Member removed',
  'member.signed_up': 'Customer signed up',
  'member.suspended': 'Member suspended',
  'member.updated': 'Member access changed',
  'org.created': 'Business created',
  'org.owner_transferred': 'Account ownership transferred',
  'org.updated': 'Business settings changed',
  'platform.admin_created': 'Platform staff account created',
  'role.created': 'Role created',
  'role.deleted': 'Role deleted',
  'role.reset': 'Role put back to its preset',
  'role.updated': 'Role changed',
  'scim_group.created': 'Provisioned group added',
  'scim_group.default_role_set': 'Default role for provisioned people set',
  'scim_group.deleted': 'Provisioned group deleted',
  'scim_group.mapping_removed': 'Group mapping removed',
  'scim_group.mapping_set': 'Group mapped to a role',
  'scim_group.updated': 'Provisioned group changed',
  'scim_token.created': 'Provisioning token created',
  'scim_token.revoked': 'Provisioning token revoked',
  'second_factor.enrolled': 'Two-step sign-in turned on',
  'second_factor.recovery_code_used': 'Recovery code used',
  'second_factor.recovery_codes_regenerated': 'New recovery codes made',
  'second_factor.removed': 'Two-step sign-in turned off',
  'second_factor.reset': 'Two-step sign-in reset',
  'session.ended': 'Signed out',
  'signup.requested': 'Customer sign-up started',
  'session.ended_all': 'Everyone signed out',
  'store.created': 'Store added',
  'store.updated': 'Store changed',
  'user.deactivated': 'Account deactivated',
  'user.details_changed': 'Personal details changed',
  'user.email_change_requested': 'Sign-in email change asked for',
  'user.email_changed': 'Sign-in email changed',
  'user.reactivated': 'Account reactivated',
};

/** "member.password_reset_started" → "Member password reset started", for an action not listed above. */
export function actionLabel(action: string): string {
  const known = ACTION_LABELS[action];
  if (known) return known;
  const words = action.replace(/[._:]+/g, ' ').trim();
  return words ? words.charAt(0).toUpperCase() + words.slice(1) : 'A change';
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The ids a page of events mentions, for one name lookup. */
function collectRefs(rows: readonly AuditRow[], parsed: ReadonlyMap<string, { before: Obj; after: Obj }>, extra: readonly Obj[]) {
  const users = new Set<string>();
  const stores = new Set<string>();
  const roles = new Set<string>();
  const invitations = new Set<string>();
  const orgs = new Set<string>();
  const grants = (o: Obj) => {
    for (const a of [...arr(o.roles), ...arr(o.overrides)]) {
      const g = obj(a);
      if (str(g.role)) roles.add(g.role as string);
      for (const s of arr(g.storeIds)) if (str(s)) stores.add(s as string);
      if (str(g.storeId)) stores.add(g.storeId as string);
    }
  };
  for (const r of rows) {
    if (r.org_id) orgs.add(r.org_id);
    if (r.actor_id) users.add(r.actor_id);
    const t = r.target_id;
    if (t && r.target_type === 'user') users.add(t);
    if (t && r.target_type === 'store') stores.add(t);
    if (t && r.target_type === 'role') roles.add(t);
    if (t && r.target_type === 'invitation') invitations.add(t);
    if (t && r.target_type === 'org') orgs.add(t);
    const p = parsed.get(r.id);
    for (const o of p ? [p.before, p.after] : []) {
      grants(o);
      for (const k of ['ownerId', 'userId', 'resentBy']) if (str(o[k])) users.add(o[k] as string);
    }
  }
  for (const o of extra) grants(o);
  return { orgIds: [...orgs], userIds: [...users], storeIds: [...stores], roleKeys: [...roles], invitationIds: [...invitations] };
}

class Names {
  private readonly byKind = new Map<string, AuditNameRow[]>();
  constructor(rows: readonly AuditNameRow[]) {
    for (const r of rows) {
      const key = `${r.kind}|${r.id}`;
      const list = this.byKind.get(key) ?? [];
      list.push(r);
      this.byKind.set(key, list);
    }
  }
  private one(kind: string, id: string, orgId: string | null): AuditNameRow | undefined {
    const list = this.byKind.get(`${kind}|${id}`) ?? [];
    return list.find((r) => !orgId || !r.org_id || r.org_id === orgId) ?? list[0];
  }
  person(id: string | null | undefined): string {
    if (!id) return 'someone';
    const u = this.one('user', id, null);
    if (!u) return 'a former member';
    return u.label || u.extra || 'a former member';
  }
  store(id: string, orgId: string | null): string {
    return this.one('store', id, orgId)?.label || 'a store that was deleted';
  }
  role(key: string, orgId: string | null): string {
    return this.one('role', key, orgId)?.label || 'a role that was deleted';
  }
  org(id: string | null | undefined): string {
    return (id && this.one('org', id, null)?.label) || 'the business';
  }
  invitee(id: string | null | undefined, orgId: string | null): string | undefined {
    if (!id) return undefined;
    const i = this.one('invitation', id, orgId);
    return i ? i.label || i.extra : undefined;
  }
}

function permissionWords(p: unknown): string {
  if (typeof p !== 'string') return 'a permission';
  const [m, a] = p.split(':');
  const actions = (STATEMENT as Record<string, readonly string[]>)[m ?? ''];
  if (!actions?.includes(a ?? '')) return 'a permission that no longer exists';
  return permissionInWords(p as Permission);
}

function storesPhrase(ids: unknown, orgId: string | null, n: Names): string {
  const list = arr(ids).filter((s): s is string => typeof s === 'string');
  if (list.length === 0) return '';
  return ` in ${listInWords(list.map((s) => n.store(s, orgId)))}`;
}

/** "Store manager in Old Town; Cashier" from role assignments; "none" when empty. */
function rolesInWords(v: unknown, orgId: string | null, n: Names): string {
  const list = arr(v).map(obj);
  if (list.length === 0) return 'none';
  return list.map((a) => `${str(a.role) ? n.role(a.role as string, orgId) : 'a role'}${storesPhrase(a.storeIds, orgId, n)}`).join('; ');
}

function overridesInWords(v: unknown, orgId: string | null, n: Names): string {
  const list = arr(v).map(obj);
  if (list.length === 0) return 'none';
  return list
    .map((o) => `${o.effect === 'deny' ? 'not allowed to' : 'also allowed to'} ${permissionWords(o.permission)}${str(o.storeId) ? ` in ${n.store(o.storeId as string, orgId)}` : ''}`)
    .join('; ');
}

/** ": can now void payments; can no longer refund payments" — what a role change gave and took away. */
function permissionChange(before: Obj, after: Obj): string {
  const had = new Set(arr(before.permissions));
  const has = new Set(arr(after.permissions));
  const gained = [...has].filter((p) => !had.has(p));
  const lost = [...had].filter((p) => !has.has(p));
  const parts = [
    ...(gained.length ? [`can now ${listInWords(gained.map(permissionWords))}`] : []),
    ...(lost.length ? [`can no longer ${listInWords(lost.map(permissionWords))}`] : []),
  ];
  return parts.length ? `: ${parts.join('; ')}` : '';
}

/**
 * "Cashier in Old Town", or for partner and customer users "a partner user (Partner Account
 * Executive) for Acme and Globex" / "a customer user of Acme".
 */
function joinedAs(after: Obj, orgId: string | null, n: Names): string {
  const accounts = listInWords(arr(after.customerAccounts).map(String));
  if (after.audience === 'customer') return `a customer user${accounts ? ` of ${accounts}` : ''}`;
  if (after.audience === 'partner') return `a partner user (${rolesInWords(after.roles, orgId, n)})${accounts ? ` for ${accounts}` : ''}`;
  return rolesInWords(after.roles, orgId, n);
}

function permissionsInWords(v: unknown): string {
  const list = arr(v);
  if (list.length === 0) return 'none';
  return listInWords(list.map(permissionWords));
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  roles: 'Roles',
  overrides: 'Exceptions',
  firstName: 'First name',
  lastName: 'Last name',
  phone: 'Phone',
  email: 'Email',
  status: 'Status',
  name: 'Name',
  code: 'Store code',
  address: 'Address',
  rank: 'Rank',
  permissions: 'What it allows',
  orgWidePermissions: 'What it allows in every store',
  ownerId: 'Account owner',
  expiresAt: 'Expires',
  sendCount: 'Times sent',
  billingLevel: 'Billing',
  settlementLevel: 'Payouts settled',
  customerSignup: 'Customers can sign up themselves',
  defaultCustomerProfileId: 'Profile of customers who sign up',
  singleSession: 'One session at a time',
  inviteTtlDays: 'Invitations last (days)',
  requireAdminSecondFactor: 'Admins must use two-step sign-in',
  scope: 'Applies to',
  useFor: 'Use for',
  profile: 'Profile',
  customerAccounts: 'Customer accounts',
  number: 'Account number',
  levels: 'Access levels',
  paymentMethods: 'Payment methods',
  homeTemplate: 'Home template',
  peopleWithAccess: 'People with access',
};

/** Fields that are bookkeeping, never shown as a change. */
const SKIPPED = new Set(['key', 'id', 'orgId', 'createdAt', 'updatedAt', 'builtIn', 'topAdmin', 'audience', 'legacyNames', 'conditionalPermissions', 'orgWideWhenBilling', 'approval', 'resentBy', 'userId', 'newUser', 'slug', 'preset', 'via', 'reason', 'count', 'sessionsEnded', 'lockCleared', 'isOwner']);

const STATUS_WORDS: Readonly<Record<string, string>> = { active: 'Active', suspended: 'Suspended', deactivated: 'Deactivated', archived: 'Closed', pending: 'Pending', accepted: 'Accepted', cancelled: 'Cancelled', expired: 'Expired' };

const dateWords = (iso: string) => {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
};

const ID_LIKE = /^[0-9A-HJKMNP-TV-Z]{26}$/i;

/** One field's value in words; undefined when it should not be shown. */
function valueInWords(field: string, v: unknown, orgId: string | null, n: Names): string | undefined {
  if (v === undefined || v === null) return field === 'phone' ? 'none' : undefined;
  switch (field) {
    case 'roles':
      return rolesInWords(v, orgId, n);
    case 'overrides':
      return overridesInWords(v, orgId, n);
    case 'permissions':
    case 'orgWidePermissions':
      return permissionsInWords(v);
    case 'ownerId':
      return n.person(str(v));
    case 'status':
      return STATUS_WORDS[String(v)] ?? String(v);
    case 'expiresAt':
      return typeof v === 'string' ? dateWords(v) : undefined;
    case 'billingLevel':
    case 'settlementLevel':
      return v === 'org' ? 'for the whole business' : 'per store';
    case 'scope':
      return v === 'org' ? 'the whole business' : 'chosen stores';
    case 'levels':
      return levelsInWords(v);
    case 'customerAccounts':
      return arr(v).length ? listInWords(arr(v).map(String)) : 'none';
    case 'paymentMethods':
      return arr(v).length ? listInWords(arr(v).map((m) => String(m).replace(/_/g, ' '))) : 'none';
  }
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return ID_LIKE.test(v) || /^[a-z_]+:[a-z_]+$/.test(v) ? undefined : v || '(empty)';
  return undefined;
}

/** A profile's levels: "My account: view; Pay invoices: edit", sets at none left out. */
function levelsInWords(v: unknown): string {
  const set = Object.entries(obj(v)).filter(([, level]) => typeof level === 'string' && level !== 'none');
  if (set.length === 0) return 'none';
  return set.map(([name, level]) => `${name.charAt(0).toUpperCase()}${name.slice(1).replace(/_/g, ' ')}: ${level}`).join('; ');
}

function fieldWords(field: string): string {
  return FIELD_WORDS[field] ?? field.replace(/([A-Z])/g, ' $1').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** Before → after for every field that differs, in words. Nested settings are flattened. */
function changesOf(before: Obj, after: Obj, orgId: string | null, n: Names): AuditChange[] {
  const flat = (o: Obj): Obj => ({ ...o, ...obj(o.settings), settings: undefined });
  const b = flat(before);
  const a = flat(after);
  const out: AuditChange[] = [];
  for (const field of new Set([...Object.keys(b), ...Object.keys(a)])) {
    if (SKIPPED.has(field) || field === 'settings') continue;
    const bw = field in b ? valueInWords(field, b[field], orgId, n) : undefined;
    const aw = field in a ? valueInWords(field, a[field], orgId, n) : undefined;
    if (bw === undefined && aw === undefined) continue;
    if (bw === aw) continue;
    out.push({ field: fieldWords(field), before: bw ?? '—', after: aw ?? '—' });
  }
  return out;
}

/** The actor, by name; support staff with their stated reason or ticket. */
function actorWords(r: AuditRow, n: Names): string {
  if (!r.actor_id) return 'The system';
  // A provisioning token is not a person: it stands for the business's identity provider.
  if (r.actor_kind === 'scim_token') return "The identity provider's provisioning";
  const name = n.person(r.actor_id);
  if (r.actor_kind !== 'platform') return name;
  return r.reason ? `${name} (platform support, ticket: ${r.reason})` : `${name} (platform support)`;
}

/** " in Old Town and Harbour": the stores of the roles a person held, or nothing for business-wide roles. */
function storesOfRoles(roles: unknown, orgId: string | null, n: Names): string {
  const ids = [...new Set(arr(roles).flatMap((g) => arr(obj(g).storeIds)).filter((s): s is string => typeof s === 'string'))];
  return ids.length ? ` in ${listInWords(ids.map((s) => n.store(s, orgId)).sort())}` : '';
}

/** The roles each suspended or reactivated person held at that moment, from the recorded history. */
async function rolesAtTheTime(ex: Executor, rows: readonly AuditRow[]): Promise<Map<string, unknown>> {
  const wanted = rows.filter((r) => (r.action === 'member.suspended' || r.action === 'member.reactivated') && r.target_id && r.org_id);
  const out = new Map<string, unknown>();
  if (wanted.length === 0) return out;
  const newest = wanted.map((r) => r.id).sort().at(-1) ?? '';
  const recorded = await findRecordedRoles(ex, [...new Set(wanted.map((r) => r.org_id as string))], [...new Set(wanted.map((r) => r.target_id as string))], newest);
  for (const r of wanted) {
    let roles: unknown;
    for (const h of recorded) if (h.id < r.id && h.org_id === r.org_id && h.target_id === r.target_id) roles = parse(h.after).roles ?? roles;
    if (roles !== undefined) out.set(r.id, roles);
  }
  return out;
}

function sentence(r: AuditRow, before: Obj, after: Obj, n: Names, changes: readonly AuditChange[], heldRoles: unknown): string {
  const A = actorWords(r, n);
  const org = r.org_id;
  const T = r.target_type === 'user' ? n.person(r.target_id) : undefined;
  const self = r.target_type === 'user' && r.target_id === r.actor_id;
  const TT = self ? 'their own' : `${T}'s`;
  const storeName = r.target_type === 'store' && r.target_id ? n.store(r.target_id, org) : 'a store';
  const roleName = r.target_type === 'role' && r.target_id ? (str(after.name) ?? str(before.name) ?? n.role(r.target_id, org)) : 'a role';
  const invitee = () => str(after.email) ?? str(before.email) ?? n.invitee(r.target_id, org) ?? 'someone';
  switch (r.action) {
    case 'member.added':
      return `${A} added ${T} to the team as ${joinedAs(after, org, n)}`;
    case 'member.created':
      return `${A} created an account for ${T} as ${joinedAs(after, org, n)} and sent them a link to choose a password`;
    case 'member.updated': {
      const fields = changes.map((c) => c.field);
      const access = fields.some((f) => f === 'Roles' || f === 'Exceptions' || f === 'Profile' || f === 'Customer accounts');
      const details = fields.some((f) => f === 'First name' || f === 'Last name' || f === 'Phone');
      const what = access && details ? 'roles and personal details' : details ? 'personal details' : access ? (fields.includes('Roles') ? 'roles' : 'exceptions') : 'access';
      return `${A} changed ${TT} ${what}`;
    }
    case 'member.suspended':
      return `${A} suspended ${T}${storesOfRoles(heldRoles, org, n)}`;
    case 'member.reactivated':
      return `${A} reactivated ${T}${storesOfRoles(heldRoles, org, n)}`;
    case 'member.removed':
      return `${A} removed ${T} from the team${storesOfRoles(before.roles, org, n)}`;
    case 'member.details_changed':
    case 'user.details_changed':
      return `${A} changed ${TT} personal details`;
    case 'member.password_reset_started':
      return `${A} sent ${T} a password reset email`;
    case 'user.deactivated':
      return `${A} deactivated ${TT} account everywhere`;
    case 'user.reactivated':
      return `${A} reactivated ${TT} account`;
    case 'invitation.created':
      return `${A} invited ${invitee()} as ${joinedAs(after, org, n)}`;
    case 'invitation.resent':
      return `${A} resent the invitation to ${invitee()}`;
    case 'invitation.cancelled':
      return `${A} cancelled the invitation to ${invitee()}`;
    case 'invitation.accepted':
      return `${A} accepted the invitation and joined as ${joinedAs(after, org, n)}`;
    case 'invitation.updated':
      return `${A} changed the invitation to ${invitee()} to ${rolesInWords(after.roles, org, n)}`;
    case 'import.completed':
      return `${A} imported people from ${str(after.fileName) ?? 'a file'}: ${Number(after.created ?? 0)} added, ${Number(after.updated ?? 0)} changed, ${Number(after.unchanged ?? 0)} unchanged, ${Number(after.errors ?? 0)} not imported`;
    case 'role.created':
      return `${A} created the role ${roleName}`;
    case 'role.updated':
      return `${A} changed the role ${roleName}${permissionChange(before, after)}`;
    case 'role.reset':
      return `${A} put the role ${roleName} back to its preset${permissionChange(before, after)}`;
    case 'role.deleted':
      return `${A} deleted the role ${roleName}`;
    case 'customer.created':
      return `${A} added the customer account ${str(after.name) ?? 'a customer account'}`;
    case 'customer.updated':
      return `${A} changed the customer account ${str(after.name) ?? str(before.name) ?? 'a customer account'}`;
    case 'customer.deleted':
      return `${A} deleted the customer account ${str(before.name) ?? 'a customer account'}`;
    case 'profile.created':
      return `${A} created the profile ${str(after.name) ?? 'a profile'}`;
    case 'profile.updated':
      return `${A} changed the profile ${str(after.name) ?? str(before.name) ?? 'a profile'}`;
    case 'profile.deleted':
      return `${A} deleted the profile ${str(before.name) ?? 'a profile'}`;
    case 'store.created':
      return `${A} added the store ${str(after.name) ?? storeName}`;
    case 'store.updated':
      return `${A} changed the store ${str(after.name) ?? storeName}`;
    case 'org.created':
      return `${A} created the business ${str(after.name) ?? n.org(org)}`;
    case 'org.updated':
      return `${A} changed the settings of ${str(after.name) ?? n.org(org)}`;
    case 'org.owner_transferred':
      return `${A} made ${T} the account owner`;
    case 'platform.admin_created':
      return `${A} created a platform staff account for ${T}`;
    case 'session.ended':
      if (r.target_type === 'user') return `${A} signed ${self ? 'themselves' : T} out ${after.scope === 'everywhere' ? 'on every device' : 'of this business'}`;
      return after.reason === 'ended_by_admin' ? `${A} ended a sign-in of ${n.person(str(after.userId))}` : `${A} signed out of one device`;
    case 'session.ended_all':
      return `${A} signed out every member of ${n.org(org)}`;
    case 'auth.signed_in':
      return `${T ?? A} signed in`;
    case 'auth.sign_in_failed':
      return `A sign-in as ${T ?? 'an account'} failed`;
    case 'auth.locked':
      return `${T ?? 'An account'}'s sign-in was locked after too many failed tries`;
    case 'auth.password_changed':
      return `${T ?? A} changed their password`;
    case 'auth.email_change_failed':
      return `${T ?? A} tried to change their sign-in email with a wrong current password`;
    case 'user.email_change_requested':
      return `${A} asked to change ${TT} sign-in email; the new address must confirm it`;
    case 'user.email_changed':
      return `${T ?? A} confirmed a new sign-in email`;
    case 'signup.requested':
      return `Someone started a customer sign-up for ${str(after.email) ?? 'an email address'}`;
    case 'member.signed_up':
      return `${T ?? A} signed up as a customer${str(after.customerName) ? ` with the account ${after.customerName as string}` : ''}`;
    case 'auth.password_change_failed':
      return `${T ?? A} tried to change their password with a wrong current password`;
    case 'auth.password_reset':
      return `${T ?? 'Someone'} set a new password with an emailed reset link`;
    case 'auth.password_reset_requested':
      return `Someone asked for a password reset email for ${T ?? 'an account'}`;
    case 'auth.second_factor_failed':
      return `A two-step sign-in check for ${T ?? 'an account'} failed`;
    case 'auth.second_factor_pending':
      return `${T ?? A} started signing in and was asked for the second step`;
    case 'authz.refused':
      return `${A} tried something they are not allowed to do, and was refused`;
    case 'second_factor.enrolled':
      return `${T ?? A} turned on two-step sign-in`;
    case 'second_factor.removed':
      return `${A} turned off two-step sign-in${T && !self ? ` for ${T}` : ''}`;
    case 'second_factor.reset':
      return `${A} reset two-step sign-in for ${T ?? 'an account'}`;
    case 'second_factor.recovery_code_used':
      return `${T ?? A} signed in with a recovery code`;
    case 'second_factor.recovery_codes_regenerated':
      return `${T ?? A} made new recovery codes`;
    case 'scim_token.created':
      return `${A} created the provisioning token ${str(after.name) ?? ''}`.trimEnd();
    case 'scim_token.revoked':
      return `${A} revoked the provisioning token ${str(before.name) ?? ''}`.trimEnd();
    case 'scim_group.created':
      return `${A} added the group ${str(after.displayName) ?? ''}`.trimEnd();
    case 'scim_group.updated':
      return `${A} changed the group ${str(after.displayName) ?? str(before.displayName) ?? ''}`.trimEnd();
    case 'scim_group.deleted':
      return `${A} deleted the group ${str(before.displayName) ?? ''}`.trimEnd();
    case 'scim_group.mapping_set':
      return `${A} mapped the group ${str(after.displayName) ?? ''} to ${rolesInWords(after.roles, org, n)}`;
    case 'scim_group.default_role_set':
      return `${A} made ${rolesInWords(after.roles, org, n)} the role of people from the identity provider who are in no mapped group`;
    case 'scim_group.mapping_removed':
      return `${A} removed the mapping of the group ${str(before.displayName) ?? ''}`.trimEnd();
    case 'identity_provider.set':
      return `${A} set the identity provider of ${n.org(org)}`;
    case 'identity_provider.removed':
      return `${A} removed the identity provider of ${n.org(org)}`;
    case 'auth.sso_refused':
      return `A sign-in through the identity provider${T ? ` as ${T}` : ''} was refused`;
  }
  const about = T ?? (r.target_type === 'store' ? `the store ${storeName}` : r.target_type === 'role' ? `the role ${roleName}` : undefined);
  return `${A} made a change (${actionLabel(r.action).toLowerCase()})${about ? ` to ${about}` : ''}`;
}

const parse = (v: string | null): Obj => {
  if (v === null) return {};
  try {
    return obj(JSON.parse(v));
  } catch {
    return {};
  }
};

/** Sentences and changes for a page of events, with every name resolved in one query. */
export async function describeAuditRows(ex: Executor, rows: readonly AuditRow[]): Promise<Map<string, AuditWords>> {
  const parsed = new Map(rows.map((r) => [r.id, { before: parse(r.before), after: parse(r.after) }]));
  const held = await rolesAtTheTime(ex, rows);
  const names = new Names(await findAuditNames(ex, collectRefs(rows, parsed, [...held.values()].map((roles) => ({ roles })))));
  const out = new Map<string, AuditWords>();
  for (const r of rows) {
    const { before, after } = parsed.get(r.id) ?? { before: {}, after: {} };
    const changes = changesOf(before, after, r.org_id, names);
    out.set(r.id, { summary: `${sentence(r, before, after, names, changes, held.get(r.id))}.`, changes });
  }
  return out;
}
