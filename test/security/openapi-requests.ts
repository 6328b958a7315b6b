import { newId } from '../../src/lib/ids.js';
import { customerSearchKey, insertCustomer } from '../../src/store/queries/customer.queries.js';
import { insertProfile } from '../../src/store/queries/profile.queries.js';
import { insertImport } from '../../src/store/queries/import.queries.js';
import { type Merchant, posTeam } from '../fixtures/merchant.js';
import { call, type TestApp } from '../fixtures/test-app.js';
import { bodySchema, type Operation, operations, sample } from '../fixtures/openapi-sample.js';

export { bodySchema, type Operation, operations };

/**
 * The ids a generated request can carry. `sessionId`, `invitationId` and `userId` fill a
 * path's `{id}` depending on the collection before it; `token` is an invitation token slot.
 */
export interface IdSet {
  orgId: string;
  userId: string;
  storeId: string;
  roleKey: string;
  sessionId: string;
  invitationId: string;
  email: string;
  /** A customer account and a profile (seed 002). */
  customerId: string;
  profileId: string;
  /** A CSV import run. */
  importId: string;
}

/** An id set of values that exist nowhere. */
export function nobody(): IdSet {
  return { orgId: newId(), userId: newId(), storeId: newId(), roleKey: `no_such_role_${newId().slice(-6).toLowerCase()}`, sessionId: newId(), invitationId: newId(), email: `nobody-${newId().slice(-8).toLowerCase()}@nowhere.test`, customerId: newId(), profileId: newId(), importId: newId() };
}

/** Values that make a generated body pass validation and reach the handler. */
const FIXED: Record<string, unknown> = { role: 'cashier', permission: 'sales:read', effect: 'allow', reason: 'security sweep', scope: 'store' };

/** Body and query fields that name an object, filled with the ids under test. */
const ID_FIELDS = ['orgId', 'storeId', 'storeIds', 'userId', 'actorId', 'targetId', 'email', 'customerId', 'customerIds', 'profileId'] as const;

function idValue(name: string, ids: IdSet): unknown {
  switch (name) {
    case 'orgId':
      return ids.orgId;
    case 'storeId':
      return ids.storeId;
    case 'storeIds':
      return [ids.storeId];
    case 'userId':
    case 'actorId':
    case 'targetId':
      return ids.userId;
    case 'email':
      return ids.email;
    case 'customerId':
      return ids.customerId;
    case 'customerIds':
      return [ids.customerId];
    case 'profileId':
      return ids.profileId;
    default:
      return undefined;
  }
}

/** True when the schema, or anything nested in it, has a field that names an object. */
export function mentionsId(schema: any, name = ''): boolean {
  if (!schema || typeof schema !== 'object') return false;
  if ((ID_FIELDS as readonly string[]).includes(name) && name !== 'email') return true;
  for (const k of ['anyOf', 'oneOf', 'allOf'] as const) if (Array.isArray(schema[k]) && schema[k].some((s: any) => mentionsId(s))) return true;
  if (schema.items && mentionsId(schema.items)) return true;
  return Object.entries<any>(schema.properties ?? {}).some(([k, v]) => mentionsId(v, k));
}

/**
 * A valid body carrying `ids` in every field that names an object, optional ones included
 * (a store id inside an optional `roles[].storeIds` is exactly where a leak would hide).
 * `email` is filled only where the caller asks (`withEmail`): inviting someone's address is
 * not a reference to another org's object.
 */
export function bodyWith(schema: any, ids: IdSet | undefined, name = ''): unknown {
  if (!schema || typeof schema !== 'object') return undefined;
  if (ids && name !== 'email') {
    const v = idValue(name, ids);
    if (v !== undefined) return v;
  }
  if (name in FIXED && !('const' in schema) && !Array.isArray(schema.enum) && !schema.anyOf) return FIXED[name];
  if (schema.type === 'object' && schema.properties) {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries<any>(schema.properties)) {
      if ((schema.required ?? []).includes(key) || (ids && mentionsId(prop, key))) out[key] = bodyWith(prop, ids, key);
    }
    return out;
  }
  if (schema.type === 'array') {
    const n = Math.max(schema.minItems ?? 0, ids && mentionsId(schema.items) ? 1 : 0);
    return Array.from({ length: n }, () => bodyWith(schema.items, ids, name));
  }
  return sample(schema, FIXED, name);
}

/** The query parameters of an operation. */
export function queryParams(op: any): { name: string; required: boolean; schema: any }[] {
  return (op.parameters ?? []).filter((p: any) => p.in === 'query').map((p: any) => ({ name: p.name, required: !!p.required, schema: p.schema }));
}

/** The query string: id-like parameters carry `ids`, required others get a sample. */
export function queryWith(op: any, ids: IdSet | undefined): string {
  const q = new URLSearchParams();
  for (const p of queryParams(op)) {
    const v = ids ? idValue(p.name, ids) : undefined;
    if (typeof v === 'string') q.set(p.name, v);
    else if (p.required) q.set(p.name, String(sample(p.schema, {}, p.name)));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** True when the operation takes an object id in its query or body. */
export function hasQueryOrBodyIds(op: any): boolean {
  return queryParams(op).some((p) => (ID_FIELDS as readonly string[]).includes(p.name)) || mentionsId(bodySchema(op));
}

/** The path params of a templated path. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
}

/**
 * Fills a templated path. `{id}` means the object of the collection before it. An unknown
 * parameter throws: a new kind of id must be taught to the sweep, never skipped silently.
 */
export function fillPath(path: string, ids: IdSet, orgOverride?: string): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string, offset: number) => {
    switch (name) {
      case 'orgId':
        return orgOverride ?? ids.orgId;
      case 'userId':
        return ids.userId;
      case 'storeId':
        return ids.storeId;
      case 'key':
        return ids.roleKey;
      case 'customerId':
        return ids.customerId;
      case 'profileId':
        return ids.profileId;
      case 'importId':
        return ids.importId;
      // An invitation token is a capability, not an id; the sweep puts the invitation's id there.
      case 'token':
        return ids.invitationId;
      // A provisioning token's id: the sweep holds none, so another object's id stands in; the
      // cross-org revoke with a real token id is in test/http/scim/scim-isolation.test.ts.
      case 'tokenId':
        return ids.sessionId;
      // An identity provider's group name, not an id: the org in the path decides whose it is.
      case 'displayName':
        return 'Sweep group';
      case 'id': {
        const collection = path.slice(0, offset).split('/').filter(Boolean).at(-1);
        if (collection === 'sessions') return ids.sessionId;
        if (collection === 'invitations') return ids.invitationId;
        if (collection === 'users') return ids.userId;
        // A second factor is the caller's own: any other object's id must answer like an unknown one.
        if (collection === 'factors') return ids.sessionId;
        throw new Error(`sweep does not know what {id} after /${collection} is: teach fillPath`);
      }
      default:
        throw new Error(`sweep does not know path parameter {${name}}: teach fillPath`);
    }
  });
}

/** A customer account and a profile of the org (seed 002) and an import run, written through the store functions. */
export async function sweepObjects(t: TestApp, orgId: string, userId: string): Promise<Pick<IdSet, 'customerId' | 'profileId' | 'importId'>> {
  const at = t.deps.clock().toISOString();
  const customerId = newId();
  const profileId = newId();
  await insertCustomer(t.deps.db, { id: customerId, org_id: orgId, name: `Account ${customerId.slice(-6)}`, number: null, search_key: customerSearchKey({ name: `Account ${customerId.slice(-6)}`, number: null }), created_at: at, updated_at: at });
  await insertProfile(t.deps.db, { id: profileId, org_id: orgId, name: `Profile ${profileId.slice(-6)}`, audience: 'customer', levels: '{"my_account":"view"}', payment_methods: '[]', home_template: null, configuration: '{}', created_at: at, updated_at: at });
  const importId = newId();
  await insertImport(t.deps.db, { id: importId, org_id: orgId, created_by: userId, file_hash: '0'.repeat(64), mode: 'invite', status: 'completed', total_rows: 0, failure: null, created_at: at, updated_at: at, finished_at: at });
  return { customerId, profileId, importId };
}

/**
 * What a sweep over the OpenAPI document starts from: a merchant, the ids of objects it owns
 * (a session, a pending invitation) and the document itself.
 */
export async function sweepSetup(t: TestApp, inviteeEmail: string): Promise<{ a: Merchant; ours: IdSet; doc: any }> {
  const a = await posTeam(t);
  const session = await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', a.people.cashier1!.userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  const inv = await call(t, 'POST', `/api/v1/orgs/${a.orgId}/invitations`, { token: a.people.owner!.token, body: { email: inviteeEmail, roles: [{ role: 'cashier', storeIds: [a.stores[0]] }] } });
  const ours: IdSet = { orgId: a.orgId, userId: a.people.cashier1!.userId, storeId: a.stores[0]!, roleKey: 'cashier', sessionId: session.id, invitationId: inv.body.id, email: a.people.cashier1!.email, ...(await sweepObjects(t, a.orgId, a.people.cashier1!.userId)) };
  return { a, ours, doc: (await call(t, 'GET', '/api/v1/openapi.json')).body };
}
