/**
 * Better Auth with its organization plugin and access control, on the same better-sqlite3 file
 * as ours (its tables — user, session, organization, member — live beside ours). Roles are the
 * `pos` preset's, declared with `createAccessControl` from our permission catalogue, so
 * `hasPermission` answers the same permission keys. Better Auth has no store scope: a member
 * holds a role org-wide, so it answers the easier, org-level question.
 *
 * Setup follows its docs: `betterAuth({ database: sqlite, plugins: [organization({ ac, roles }),
 * bearer()] })`, schema from `getMigrations`. Rows are bulk-inserted in the shape its own
 * adapter writes (checked against a row it created through `signUpEmail`), and sessions are
 * looked up by bearer token (the bearer plugin's documented path for API clients).
 */
import type SQLite from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { bearer, organization } from 'better-auth/plugins';
import { createAccessControl } from 'better-auth/plugins/access';
import { STATEMENT } from '../../src/domain/permissions.js';
import type { RoleDefinition } from '../../src/domain/types.js';
import type { MemberSpec } from '../lib/dataset.js';

function statementOf(perms: readonly string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of perms) {
    const [mod, action] = p.split(':') as [string, string];
    const list = out[mod] ?? [];
    list.push(action);
    out[mod] = list;
  }
  return out;
}

export function createBetterAuth(sqlite: SQLite.Database, roles: readonly RoleDefinition[]) {
  const ac = createAccessControl(STATEMENT as unknown as Record<string, readonly string[]>);
  const acRoles = Object.fromEntries(
    roles.map((r) => [r.key, ac.newRole(statementOf([...r.permissions, ...(r.orgWidePermissions ?? [])]) as never)]),
  );
  return betterAuth({
    database: sqlite,
    secret: 'bench-secret-bench-secret-bench-secret-0123456789',
    baseURL: 'http://127.0.0.1:3999',
    logger: { disabled: true },
    telemetry: { enabled: false },
    emailAndPassword: { enabled: true },
    plugins: [organization({ ac, roles: acRoles }), bearer()],
  });
}

export type BetterAuth = ReturnType<typeof createBetterAuth>;

export interface BetterAuthData {
  orgId: string;
  tokens: string[];
  tokenUserIds: string[];
}

/**
 * Creates Better Auth's tables and fills them with the same members (a member's roles joined
 * by commas, Better Auth's multi-role form) plus sessions for `sessionUsers`.
 */
export async function fillBetterAuth(auth: BetterAuth, sqlite: SQLite.Database, members: readonly MemberSpec[], sessionUsers: readonly MemberSpec[]): Promise<BetterAuthData> {
  const { runMigrations } = await getMigrations(auth.options);
  await runMigrations();
  // One user through the API, to copy the exact row shapes its adapter writes.
  const probe = await auth.api.signUpEmail({ body: { email: 'probe@bench.example', password: 'probe-password-123', name: 'Probe' } });
  const u = sqlite.prepare('select * from "user" where id = ?').get(probe.user.id) as Record<string, unknown>;
  const now = u.createdAt;
  const orgId = 'ba_org_main';
  sqlite.prepare('insert into organization (id, name, slug, createdAt) values (?, ?, ?, ?)').run(orgId, 'Main Street Retail', 'main-street', now);
  const insUser = sqlite.prepare('insert into "user" (id, name, email, emailVerified, createdAt, updatedAt) values (?, ?, ?, 0, ?, ?)');
  const insMember = sqlite.prepare('insert into member (id, organizationId, userId, role, createdAt) values (?, ?, ?, ?, ?)');
  const insSession = sqlite.prepare('insert into session (id, expiresAt, token, createdAt, updatedAt, userId, activeOrganizationId) values (?, ?, ?, ?, ?, ?, ?)');
  const expires = typeof u.createdAt === 'number' ? Date.now() + 11 * 3600_000 : new Date(Date.now() + 11 * 3600_000).toISOString();
  const tokens: string[] = [];
  const tokenUserIds: string[] = [];
  sqlite.transaction(() => {
    for (const m of members) {
      insUser.run(m.userId, `${m.firstName} ${m.lastName}`, m.email, now, now);
      insMember.run(`bm_${m.userId}`, orgId, m.userId, [...new Set(m.assignments.map((a) => a.role))].join(','), now);
    }
    sessionUsers.forEach((m, i) => {
      const token = `batoken${String(i).padStart(8, '0')}${m.userId}`.replace(/[^a-zA-Z0-9]/g, 'x');
      insSession.run(`bs_${i}`, expires, token, now, now, m.userId, orgId);
      tokens.push(token);
      tokenUserIds.push(m.userId);
    });
  })();
  return { orgId, tokens, tokenUserIds };
}
