/**
 * The benchmark data set, written with multi-row INSERTs in large transactions (the team list
 * and the check endpoint must be measured at 100,000 members, and building that row by row
 * through the services would take longer than the benchmark). The rows are the ones the
 * services would write: preset roles via `roleToRow`, `search_key` via `memberSearchKey`,
 * assignments one row per (role, store) with '' for org roles.
 */
import { SingleBar } from 'cli-progress';
import { type Kysely, sql } from 'kysely';
import type { Permission } from '../../src/domain/permissions.js';
import { PRESETS } from '../../src/domain/presets/index.js';
import type { Override, RoleAssignment } from '../../src/domain/types.js';
import { createPasswordHasher } from '../../src/lib/passwords.js';
import { hashToken, newToken } from '../../src/lib/tokens.js';
import type { Database } from '../../src/store/database.js';
import { memberSearchKey } from '../../src/store/queries/member.queries.js';
import { roleToRow } from '../../src/store/queries/role.queries.js';
import { rng } from './stats.js';

export const PASSWORD = 'correct horse battery staple 42';

export interface MemberSpec {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  assignments: RoleAssignment[];
  overrides: Override[];
}

export interface DataSet {
  orgId: string;
  otherOrgId: string;
  storeIds: string[];
  /** Members of the main org, owner (an org_admin) first. */
  members: MemberSpec[];
  otherOrgMembers: number;
  /** Bearer tokens of live sessions (the first belongs to the owner). */
  tokens: string[];
  tokenUserIds: string[];
  passwordHash: string;
}

const FIRST = ['Ada', 'Ben', 'Chloe', 'Dmitri', 'Elif', 'Farah', 'Goran', 'Hana', 'Ivo', 'Jonas', 'Kemal', 'Lena', 'Maya', 'Noor', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Viktor', 'Wen', 'Yara', 'Zoe'];
const LAST = ['Andersen', 'Bauer', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'Garcia', 'Hoffmann', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen', 'Moreau', 'Nowak', 'Olsen', 'Petrov', 'Quintero', 'Rossi', 'Schmidt', 'Tanaka', 'Ueda', 'Virtanen', 'Weber', 'Yilmaz', 'Zhang'];

/**
 * Every `pos` role, in rough real-world proportions: a few admins, regional managers, then
 * mostly till and stock staff. Store roles cover 1–3 stores.
 */
const ROLE_MIX: readonly [string, number][] = [
  ['org_admin', 0.002],
  ['org_manager', 0.01],
  ['store_admin', 0.04],
  ['store_manager', 0.1],
  ['stocker', 0.25],
  ['cashier', 0.598],
];
const OVERRIDE_PERMS: readonly Permission[] = ['payments:refund', 'payments:void', 'inventory:update', 'reports:read', 'pricing:update', 'checkout:operate'];

const pad = (n: number, w = 6) => String(n).padStart(w, '0');
const userId = (org: string, n: number) => `u_${org}_${pad(n)}`;

function pickRole(r: number): string {
  let acc = 0;
  for (const [role, share] of ROLE_MIX) {
    acc += share;
    if (r < acc) return role;
  }
  return 'cashier';
}

/** The members of one org, deterministic for a seed. */
export function planMembers(org: string, count: number, storeIds: readonly string[], seed: number): MemberSpec[] {
  const r = rng(seed);
  const out: MemberSpec[] = [];
  for (let i = 0; i < count; i++) {
    const role = i === 0 ? 'org_admin' : pickRole(r());
    const scope = PRESETS.pos.roles.find((x) => x.key === role)?.scope;
    const assignments: RoleAssignment[] = [];
    if (scope === 'org') assignments.push({ role });
    else {
      const n = Math.min(storeIds.length, 1 + Math.floor(r() * 3));
      const stores = new Set<string>();
      while (stores.size < n) stores.add(storeIds[Math.floor(r() * storeIds.length)] as string);
      assignments.push({ role, storeIds: [...stores].sort() });
    }
    const overrides: Override[] = [];
    // 5% of members carry overrides (seed 004: individual flags), half store-bound, some denies.
    if (i > 0 && r() < 0.05) {
      const permission = OVERRIDE_PERMS[Math.floor(r() * OVERRIDE_PERMS.length)] as Permission;
      const effect = r() < 0.5 ? 'deny' : 'allow';
      const store = r() < 0.5 ? assignments[0]?.storeIds?.[0] : undefined;
      overrides.push(store ? { permission, effect, storeId: store } : { permission, effect });
    }
    const firstName = FIRST[i % FIRST.length] as string;
    const lastName = LAST[Math.floor(i / FIRST.length) % LAST.length] as string;
    out.push({ userId: userId(org, i), email: `${firstName}.${lastName}.${i}@${org}.bench.example`.toLowerCase(), firstName, lastName, assignments, overrides });
  }
  return out;
}

async function insertChunked<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: readonly object[], chunk: number, bar?: SingleBar) {
  for (let i = 0; i < rows.length; i += chunk) {
    await db.insertInto(table).values(rows.slice(i, i + chunk) as never).execute();
    bar?.increment(Math.min(chunk, rows.length - i));
  }
}

export interface BuildOptions {
  members: number;
  stores: number;
  sessions: number;
  progress: boolean;
  dialect: 'sqlite' | 'postgres';
}

/** Builds both orgs, their stores, roles, members, overrides and live sessions. */
export async function buildDataSet(db: Kysely<Database>, opts: BuildOptions): Promise<DataSet> {
  const now = new Date().toISOString();
  const later = new Date(Date.now() + 11 * 3600_000).toISOString();
  const passwordHash = await createPasswordHasher().hash(PASSWORD);
  const orgId = 'org_main';
  const otherOrgId = 'org_other';
  const storeIds = Array.from({ length: opts.stores }, (_, i) => `st_main_${pad(i, 3)}`);
  const otherStores = Array.from({ length: 10 }, (_, i) => `st_other_${pad(i, 3)}`);
  const members = planMembers('main', opts.members, storeIds, 7);
  const otherCount = Math.max(100, Math.floor(opts.members / 10));
  const others = planMembers('other', otherCount, otherStores, 11);
  // Chunks: PostgreSQL takes at most 65,535 parameters per statement, SQLite 32,766.
  const chunk = opts.dialect === 'postgres' ? 1000 : 500;

  const userRows = [...members, ...others].map((m) => ({
    id: m.userId,
    email: m.email,
    email_key: m.email,
    first_name: m.firstName,
    last_name: m.lastName,
    phone: null,
    password_hash: passwordHash,
    status: 'active',
    platform_role: null,
    failed_sign_ins: 0,
    locked_until: null,
    last_sign_in_at: null,
    password_changed_at: null,
    created_at: now,
    updated_at: now,
  }));
  const memberRows = (org: string, list: MemberSpec[]) =>
    list.map((m) => ({ org_id: org, user_id: m.userId, status: 'active', created_at: now, updated_at: now, last_seen_at: null, search_key: memberSearchKey({ first_name: m.firstName, last_name: m.lastName, email: m.email }) }));
  const assignmentRows = (org: string, list: MemberSpec[]) =>
    list.flatMap((m) => m.assignments.flatMap((a) => (a.storeIds ? a.storeIds.map((s) => ({ org_id: org, user_id: m.userId, role_key: a.role, store_id: s })) : [{ org_id: org, user_id: m.userId, role_key: a.role, store_id: '' }])));
  const overrideRows = (org: string, list: MemberSpec[]) =>
    list.flatMap((m) => m.overrides.map((o) => ({ org_id: org, user_id: m.userId, permission: o.permission, effect: o.effect, store_id: o.storeId ?? '' })));
  const all = {
    users: userRows,
    memberships: [...memberRows(orgId, members), ...memberRows(otherOrgId, others)],
    role_assignments: [...assignmentRows(orgId, members), ...assignmentRows(otherOrgId, others)],
    overrides: [...overrideRows(orgId, members), ...overrideRows(otherOrgId, others)],
  };
  const tokens: string[] = [];
  const tokenUserIds: string[] = [];
  const sessionRows = Array.from({ length: opts.sessions }, (_, i) => {
    const m = i === 0 ? (members[0] as MemberSpec) : (members[(i * 7919) % members.length] as MemberSpec);
    const token = newToken();
    tokens.push(token);
    tokenUserIds.push(m.userId);
    return { id: `se_${pad(i, 7)}`, token_hash: hashToken(token), user_id: m.userId, kind: 'token', current_org_id: null, current_store_id: null, ip: '127.0.0.1', user_agent: 'bench', created_at: now, last_seen_at: now, expires_at: later, revoked_at: null, revoked_reason: null };
  });
  const total = Object.values(all).reduce((n, rows) => n + rows.length, 0) + sessionRows.length;
  const bar = opts.progress ? new SingleBar({ format: `  data set (${opts.dialect}) [{bar}] {percentage}% {value}/{total} rows`, hideCursor: true }) : undefined;
  bar?.start(total, 0);
  await db.transaction().execute(async (trx) => {
    await insertChunked(trx, 'users', userRows, chunk, bar);
    for (const [id, name, owner] of [[orgId, 'Main Street Retail', members[0]?.userId], [otherOrgId, 'Other Merchant', others[0]?.userId]] as const) {
      await trx.insertInto('orgs').values({ id, name, slug: id, preset: 'pos', status: 'active', billing_level: 'store', single_session: 0, invite_ttl_days: 7, owner_id: owner ?? null, created_at: now, updated_at: now }).execute();
      await trx.insertInto('roles').values(PRESETS.pos.roles.map((r) => roleToRow(id, r, now))).execute();
    }
    const storeRows = [...storeIds.map((id, i) => ({ id, org_id: orgId, name: `Store ${i}`, code: `S${pad(i, 3)}` })), ...otherStores.map((id, i) => ({ id, org_id: otherOrgId, name: `Other ${i}`, code: `O${pad(i, 3)}` }))];
    await trx.insertInto('stores').values(storeRows.map((s) => ({ ...s, address: '1 Bench Street', status: 'active', created_at: now, updated_at: now }))).execute();
    await insertChunked(trx, 'memberships', all.memberships, chunk, bar);
    await insertChunked(trx, 'role_assignments', all.role_assignments, chunk, bar);
    await insertChunked(trx, 'overrides', all.overrides, chunk, bar);
    await insertChunked(trx, 'sessions', sessionRows, chunk, bar);
  });
  bar?.stop();
  // A live PostgreSQL has planner statistics and a visibility map: autovacuum gathers them
  // within a minute of a bulk load. Without them the planner guessed 352 members in an org of
  // 100,000 and sorted the whole org where an index-only scan reads 2,000 entries.
  if (opts.dialect === 'postgres') await sql`vacuum analyze`.execute(db);
  return { orgId, otherOrgId, storeIds, members, otherOrgMembers: others.length, tokens, tokenUserIds, passwordHash };
}
