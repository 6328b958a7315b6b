/**
 * SCIM 2.0 request shapes (RFC 7643/7644) read into what Rolecall changes: the few filters an
 * identity provider sends and PatchOp in both dialects seen in practice (Okta: lower-case ops
 * with a value object; Entra ID: capitalised ops with a path and string booleans). Pure: the
 * services decide what the changes mean for a member.
 */

/** A refusal in SCIM's words: `scimType` is the RFC 7644 §3.12 keyword. */
export interface ScimRefusal {
  readonly ok: false;
  readonly scimType: 'invalidFilter' | 'invalidValue' | 'invalidPath' | 'invalidSyntax' | 'noTarget' | 'mutability';
  readonly detail: string;
}
export type ScimRead<T> = { readonly ok: true; readonly value: T } | ScimRefusal;

const no = (scimType: ScimRefusal['scimType'], detail: string): ScimRefusal => ({ ok: false, scimType, detail });

/** The attributes a list may be filtered by with `eq` (what Okta and Entra ID send). */
export type ScimFilter = { attribute: 'userName' | 'email' | 'externalId' | 'displayName' | 'id'; value: string };

const FILTER = /^\s*([A-Za-z.]+|emails\[type eq "[a-z]+"\]\.value)\s+eq\s+"((?:[^"\\]|\\.)*)"\s*$/i;
const ATTRIBUTES: Record<string, ScimFilter['attribute']> = {
  username: 'userName',
  'emails.value': 'email',
  emails: 'email',
  externalid: 'externalId',
  displayname: 'displayName',
  id: 'id',
};

/** `userName eq "a@b.c"` and friends; anything else is refused as `invalidFilter`. */
export function parseScimFilter(filter: string | undefined): ScimRead<ScimFilter | null> {
  if (filter === undefined || filter.trim() === '') return { ok: true, value: null };
  const m = FILTER.exec(filter);
  if (!m) return no('invalidFilter', 'Only filters of the form attribute eq "value" are supported.');
  const raw = (m[1] ?? '').toLowerCase();
  const attribute = raw.startsWith('emails[') ? 'email' : ATTRIBUTES[raw];
  if (!attribute) return no('invalidFilter', `Filtering by ${m[1]} is not supported.`);
  return { ok: true, value: { attribute, value: (m[2] ?? '').replace(/\\(.)/g, '$1') } };
}

/** true/false, or the strings "True"/"False" Entra ID sends. */
export function scimBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

interface PatchOperation {
  op: 'add' | 'replace' | 'remove';
  path: string | undefined;
  value: unknown;
}

/** The Operations of a PatchOp body, ops lower-cased. */
function operations(body: unknown): ScimRead<PatchOperation[]> {
  const ops = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(ops) || ops.length === 0) return no('invalidSyntax', 'A PatchOp needs a non-empty Operations list.');
  const out: PatchOperation[] = [];
  for (const o of ops) {
    const op = typeof o?.op === 'string' ? o.op.toLowerCase() : '';
    if (op !== 'add' && op !== 'replace' && op !== 'remove') return no('invalidSyntax', `Unknown patch operation "${String(o?.op)}".`);
    out.push({ op, path: typeof o.path === 'string' && o.path.trim() !== '' ? o.path.trim() : undefined, value: o.value });
  }
  return { ok: true, value: out };
}

/** What a user PATCH or PUT may change here; other attributes are accepted and not kept. */
export interface ScimUserChange {
  active?: boolean;
  givenName?: string;
  familyName?: string;
  externalId?: string | null;
  userName?: string;
}

/** Applies one attribute (a path, or a key of a value object) to the change. */
function applyUserAttribute(change: ScimUserChange, path: string, value: unknown, remove: boolean): ScimRefusal | undefined {
  const key = path.toLowerCase();
  switch (key) {
    case 'active': {
      const b = scimBoolean(value);
      if (b === undefined) return no('invalidValue', 'active must be true or false.');
      change.active = b;
      return undefined;
    }
    case 'name.givenname':
    case 'name.familyname': {
      if (!remove && typeof value !== 'string') return no('invalidValue', `${path} must be a string.`);
      change[key === 'name.givenname' ? 'givenName' : 'familyName'] = remove ? '' : (value as string);
      return undefined;
    }
    case 'name': {
      const name = (value ?? {}) as Record<string, unknown>;
      for (const [k, v] of Object.entries(name)) {
        if (k === 'givenName' || k === 'familyName') {
          const r = applyUserAttribute(change, `name.${k}`, v, remove);
          if (r) return r;
        }
      }
      return undefined;
    }
    case 'externalid':
      change.externalId = remove || value === null ? null : String(value);
      return undefined;
    case 'username':
      if (typeof value !== 'string') return no('invalidValue', 'userName must be a string.');
      change.userName = value;
      return undefined;
    default:
      // displayName, title, emails, addresses… are the identity provider's to keep; Rolecall
      // does not store them, and refusing them would stop every sync.
      return undefined;
  }
}

/** A user PatchOp (both Okta's and Entra ID's shapes) as one change. */
export function readUserPatch(body: unknown): ScimRead<ScimUserChange> {
  const ops = operations(body);
  if (!ops.ok) return ops;
  const change: ScimUserChange = {};
  for (const o of ops.value) {
    const remove = o.op === 'remove';
    if (o.path !== undefined) {
      const r = applyUserAttribute(change, o.path, o.value, remove);
      if (r) return r;
      continue;
    }
    if (!o.value || typeof o.value !== 'object' || Array.isArray(o.value)) return no('invalidValue', 'An operation without a path needs an object value.');
    for (const [k, v] of Object.entries(o.value as Record<string, unknown>)) {
      const r = applyUserAttribute(change, k, v, remove);
      if (r) return r;
    }
  }
  return { ok: true, value: change };
}

/** A full user resource (POST or PUT) as one change; `userName` is required. */
export function readUserResource(body: unknown): ScimRead<ScimUserChange & { userName: string }> {
  const b = (body ?? {}) as Record<string, unknown>;
  const emails = Array.isArray(b.emails) ? (b.emails as { value?: unknown; primary?: unknown }[]) : [];
  const primary = emails.find((e) => scimBoolean(e.primary) === true) ?? emails[0];
  const userName = typeof b.userName === 'string' && b.userName.trim() !== '' ? b.userName.trim() : typeof primary?.value === 'string' ? primary.value : '';
  if (userName === '') return no('invalidValue', 'userName (the email address) is required.');
  const change: ScimUserChange & { userName: string } = { userName };
  const name = (b.name ?? {}) as Record<string, unknown>;
  if (typeof name.givenName === 'string') change.givenName = name.givenName;
  if (typeof name.familyName === 'string') change.familyName = name.familyName;
  if (b.active !== undefined) {
    const active = scimBoolean(b.active);
    if (active === undefined) return no('invalidValue', 'active must be true or false.');
    change.active = active;
  }
  if (typeof b.externalId === 'string') change.externalId = b.externalId;
  return { ok: true, value: change };
}

/** What a group PATCH changes: its name, and members added, removed or (replace) set. */
export interface ScimGroupChange {
  displayName?: string;
  externalId?: string | null;
  add: string[];
  remove: string[];
  /** Replace the whole member list. */
  members?: string[];
}

const MEMBER_FILTER = /^members\[value eq "([^"]+)"\]$/i;

function memberIds(value: unknown): ScimRead<string[]> {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  const ids: string[] = [];
  for (const m of list) {
    const id = typeof m === 'string' ? m : (m as { value?: unknown })?.value;
    if (typeof id !== 'string' || id === '') return no('invalidValue', 'Each member needs a value (the user id).');
    ids.push(id);
  }
  return { ok: true, value: ids };
}

/** A group PatchOp: `members` add/remove/replace, `members[value eq "id"]` remove, displayName. */
export function readGroupPatch(body: unknown): ScimRead<ScimGroupChange> {
  const ops = operations(body);
  if (!ops.ok) return ops;
  const change: ScimGroupChange = { add: [], remove: [] };
  for (const o of ops.value) {
    const path = o.path?.toLowerCase();
    const byFilter = o.path ? MEMBER_FILTER.exec(o.path) : null;
    if (byFilter && o.op === 'remove') {
      change.remove.push(byFilter[1] as string);
      continue;
    }
    if (path === 'members') {
      const ids = memberIds(o.value);
      if (!ids.ok) return ids;
      if (o.op === 'add') change.add.push(...ids.value);
      else if (o.op === 'remove') change.remove.push(...ids.value);
      else change.members = ids.value;
      continue;
    }
    const attrs: Record<string, unknown> =
      path === undefined ? ((o.value ?? {}) as Record<string, unknown>) : { [o.path as string]: o.op === 'remove' ? null : o.value };
    for (const [k, v] of Object.entries(attrs)) {
      const key = k.toLowerCase();
      if (key === 'displayname') {
        if (typeof v !== 'string' || v.trim() === '') return no('invalidValue', 'displayName must be a non-empty string.');
        change.displayName = v.trim();
      } else if (key === 'externalid') change.externalId = v === null ? null : String(v);
      else if (key === 'members') {
        const ids = memberIds(v);
        if (!ids.ok) return ids;
        if (o.op === 'add') change.add.push(...ids.value);
        else change.members = ids.value;
      } else if (key !== 'id' && key !== 'schemas' && key !== 'meta') return no('invalidPath', `The group attribute ${k} is not supported.`);
    }
  }
  return { ok: true, value: change };
}
