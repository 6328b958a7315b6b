import { type Insertable, type Selectable, type SelectQueryBuilder, sql } from 'kysely';
import { newId } from '../../lib/ids.js';
import { insertMany } from '../bulk-insert.js';
import type { Database, Executor } from '../database.js';
import type { AuditEventTable } from '../schema/audit-event.table.js';

export type AuditRow = Selectable<AuditEventTable>;

export interface AuditInput {
  orgId: string | null;
  actorId: string | null;
  actorKind: 'user' | 'platform' | 'system' | 'scim_token';
  action: string;
  targetType?: string | undefined;
  targetId?: string | undefined;
  before?: unknown;
  after?: unknown;
  reason?: string | undefined;
  ip?: string | undefined;
  requestId?: string | undefined;
  at: string;
}

/** An event as its row. */
function auditRow(e: AuditInput): Insertable<AuditEventTable> {
  return {
    id: newId(),
    org_id: e.orgId,
    actor_id: e.actorId,
    actor_kind: e.actorKind,
    action: e.action,
    target_type: e.targetType ?? null,
    target_id: e.targetId ?? null,
    before: e.before === undefined ? null : JSON.stringify(e.before),
    after: e.after === undefined ? null : JSON.stringify(e.after),
    reason: e.reason ?? null,
    ip: e.ip ?? null,
    request_id: e.requestId ?? null,
    created_at: e.at,
  };
}

/** Appends one event. Call it with the same transaction as the change it records (SPEC rule 11). */
export async function insertAudit(ex: Executor, e: AuditInput): Promise<void> {
  await ex.insertInto('audit_events').values(auditRow(e)).execute();
}

/** Appends many events (a bulk change, one per person) in as few statements as the database takes best. */
export async function insertAudits(ex: Executor, events: readonly AuditInput[]): Promise<void> {
  await insertMany(ex, 'audit_events', events.map(auditRow));
}

export interface AuditQuery {
  /** undefined: platform-wide (support staff only). */
  orgId?: string | undefined;
  actorId?: string | undefined;
  targetId?: string | undefined;
  action?: string | undefined;
  /** Events by or about this person (actor or target). */
  personId?: string | undefined;
  /** Events about this store: the store itself, or a change naming it (roles, overrides in it). */
  storeId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Newest first: the id of the last row already seen. */
  before?: string | undefined;
  limit: number;
}

export function listAudit(ex: Executor, q: AuditQuery): Promise<AuditRow[]> {
  let query = ex.selectFrom('audit_events').selectAll().orderBy('id', 'desc').limit(q.limit);
  if (q.orgId) query = query.where('org_id', '=', q.orgId);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.action) query = query.where('action', '=', q.action);
  const personId = q.personId;
  if (personId) query = query.where((eb) => eb.or([eb('actor_id', '=', personId), eb('target_id', '=', personId)]));
  const storeId = q.storeId;
  if (storeId) {
    // Ids are ULIDs, so a store's id inside the recorded before/after text names that store only.
    const like = `%${storeId.replace(/[%_\\]/g, '')}%`;
    query = query.where((eb) => eb.or([eb('target_id', '=', storeId), eb('before', 'like', like), eb('after', 'like', like)]));
  }
  if (q.from) query = query.where('created_at', '>=', q.from);
  if (q.to) query = query.where('created_at', '<', q.to);
  if (q.before) query = query.where('id', '<', q.before);
  return query.execute();
}

/** Everything a page of events names, to resolve in one query. */
export interface AuditRefs {
  /** Roles and stores are looked up in these orgs only. */
  orgIds: readonly string[];
  userIds: readonly string[];
  storeIds: readonly string[];
  roleKeys: readonly string[];
  invitationIds: readonly string[];
}

export interface AuditNameRow {
  kind: 'user' | 'store' | 'role' | 'invitation' | 'org';
  id: string;
  org_id: string;
  label: string;
  extra: string;
}

/**
 * The names of the people, stores, roles, invitations and orgs a page of events mentions, in one
 * UNION ALL round trip (no query per event).
 */
export async function findAuditNames(ex: Executor, refs: AuditRefs): Promise<AuditNameRow[]> {
  const text = (s: string) => sql<string>`${sql.lit(s)}`;
  type Out = { kind: string; id: string; org_id: string; label: string; extra: string };
  const parts: SelectQueryBuilder<Database, keyof Database, Out>[] = [];
  const add = (q: unknown) => parts.push(q as SelectQueryBuilder<Database, keyof Database, Out>);
  if (refs.userIds.length > 0) {
    add(
      ex
        .selectFrom('users')
        .select([text('user').as('kind'), 'id', text('').as('org_id'), sql<string>`trim(first_name || ' ' || last_name)`.as('label'), 'email as extra'])
        .where('id', 'in', [...refs.userIds]),
    );
  }
  if (refs.orgIds.length > 0) {
    add(ex.selectFrom('orgs').select([text('org').as('kind'), 'id', 'id as org_id', 'name as label', text('').as('extra')]).where('id', 'in', [...refs.orgIds]));
    if (refs.storeIds.length > 0) {
      add(
        ex
          .selectFrom('stores')
          .select([text('store').as('kind'), 'id', 'org_id', 'name as label', 'code as extra'])
          .where('id', 'in', [...refs.storeIds])
          .where('org_id', 'in', [...refs.orgIds]),
      );
    }
    if (refs.roleKeys.length > 0) {
      add(
        ex
          .selectFrom('roles')
          .select([text('role').as('kind'), 'key as id', 'org_id', 'name as label', text('').as('extra')])
          .where('key', 'in', [...refs.roleKeys])
          .where('org_id', 'in', [...refs.orgIds]),
      );
    }
    if (refs.invitationIds.length > 0) {
      add(
        ex
          .selectFrom('invitations')
          .select([text('invitation').as('kind'), 'id', 'org_id', sql<string>`trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))`.as('label'), 'email as extra'])
          .where('id', 'in', [...refs.invitationIds])
          .where('org_id', 'in', [...refs.orgIds]),
      );
    }
  }
  const [first, ...rest] = parts;
  if (!first) return [];
  let query = first;
  for (const p of rest) query = query.unionAll(p);
  return (await query.execute()) as AuditNameRow[];
}

/**
 * The role assignments people had as recorded by the history (member added or changed), for
 * people a page suspends or reactivates: one query for the page. Oldest first; the caller picks
 * the last one before each event.
 */
export function findRecordedRoles(ex: Executor, orgIds: readonly string[], userIds: readonly string[], beforeId: string): Promise<Pick<AuditRow, 'id' | 'org_id' | 'target_id' | 'after'>[]> {
  if (orgIds.length === 0 || userIds.length === 0) return Promise.resolve([]);
  return ex
    .selectFrom('audit_events')
    .select(['id', 'org_id', 'target_id', 'after'])
    .where('org_id', 'in', [...orgIds])
    .where('target_type', '=', 'user')
    .where('target_id', 'in', [...userIds])
    .where('action', 'in', ['member.added', 'member.updated'])
    .where('id', '<', beforeId)
    .orderBy('id')
    .execute();
}

/** The people an org's history mentions (as actor or as the person changed), for the person filter. */
export async function findAuditPeople(ex: Executor, orgId: string): Promise<{ id: string; label: string; email: string }[]> {
  const ids = ex
    .selectFrom('audit_events')
    .select('actor_id as id')
    .where('org_id', '=', orgId)
    .where('actor_id', 'is not', null)
    .union(ex.selectFrom('audit_events').select('target_id as id').where('org_id', '=', orgId).where('target_type', '=', 'user'));
  return ex
    .selectFrom('users')
    .select(['id', sql<string>`trim(first_name || ' ' || last_name)`.as('label'), 'email'])
    .where('id', 'in', ids)
    .orderBy('first_name')
    .orderBy('last_name')
    .orderBy('email')
    .limit(1000)
    .execute();
}

/** The distinct actions recorded for an org, for the action filter. */
export async function findAuditActions(ex: Executor, orgId: string): Promise<string[]> {
  const rows = await ex.selectFrom('audit_events').select('action').distinct().where('org_id', '=', orgId).execute();
  return rows.map((r) => r.action);
}
