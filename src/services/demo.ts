import type { Deps } from '../container.js';
import { AppError } from '../contracts/errors.js';
import { checkPassword } from '../domain/password-policy.js';
import { PRESETS } from '../domain/presets/index.js';
import type { RoleAssignment } from '../domain/types.js';
import { newId } from '../lib/ids.js';
import { findMembersByEmailKeys, findOrgOfFirstMembership, findStoresByCodes } from '../store/queries/demo.queries.js';
import { clearSignInFailures } from '../store/queries/lockout.queries.js';
import { revokeUserSessions } from '../store/queries/session.queries.js';
import { insertStore } from '../store/queries/store.queries.js';
import { findUserById, updateUser } from '../store/queries/user.queries.js';
import { inTransaction } from '../store/transaction.js';
import { audit } from './audit.js';
import type { RequestContext } from './context.js';
import { createOrg } from './orgs.js';
import { addMembership, createUser } from './users.js';

const ORG_NAME = 'Demo Coffee Co';
export const DEMO_DOMAIN = 'demo.rolecall.test';

const STORES = [
  { name: 'Harbour Street', code: 'HBR-01', address: '12 Harbour Street, Bristol' },
  { name: 'Market Square', code: 'MKT-02', address: '3 Market Square, Bath' },
  { name: 'Station Road', code: 'STN-03', address: '88 Station Road, Cardiff' },
];

const PEOPLE = [
  ['Olivia', 'Admin', 'org_admin'],
  ['Marcus', 'Regional', 'org_manager'],
  ['Sana', 'Techlead', 'store_admin'],
  ['Diego', 'Manager', 'store_manager'],
  ['Priya', 'Stock', 'stocker'],
  ['Tom', 'Till', 'cashier'],
] as const;

const emailOf = (first: string, domain: string) => `${first.toLowerCase()}@${domain}`;
const ctx: RequestContext = { principal: null, ip: undefined, requestId: 'seed-demo' };

export interface DemoResult {
  /** False when an earlier run made the demo merchant: nothing was changed. */
  created: boolean;
  orgId: string;
  orgName: string;
  /** In the order Harbour Street, Market Square, Station Road. */
  stores: { id: string; name: string; code: string }[];
  users: { id: string; email: string; role: string }[];
}

/** The demo merchant an earlier run made, found through its org admin (the first person). */
export async function findDemo(deps: Pick<Deps, 'db'>, domain = DEMO_DOMAIN): Promise<DemoResult | undefined> {
  const emails = PEOPLE.map(([first]) => emailOf(first, domain));
  const org = await findOrgOfFirstMembership(deps.db, emailOf(PEOPLE[0][0], domain));
  if (!org) return undefined;
  const stores = await findStoresByCodes(
    deps.db,
    org.id,
    STORES.map((s) => s.code),
  );
  const members = await findMembersByEmailKeys(deps.db, org.id, emails);
  const users = PEOPLE.flatMap(([first, , role]) => {
    const email = emailOf(first, domain);
    const row = members.find((m) => m.email_key === email);
    return row ? [{ id: row.id, email, role }] : [];
  });
  return { created: false, orgId: org.id, orgName: org.name, stores, users };
}

/**
 * A demo merchant with three stores and one member of each `pos` role, so a newcomer sees a
 * populated Team page at once. Store roles get the first store (the cashier also the second).
 * Running it again changes nothing and returns the demo made the first time.
 */
export async function seedDemo(deps: Deps, password: string, domain = DEMO_DOMAIN): Promise<DemoResult> {
  const existing = await findDemo(deps, domain);
  if (existing) return existing;
  const org = await createOrg(deps, ctx, { name: ORG_NAME, preset: 'pos' });
  const now = deps.clock();
  const stores = STORES.map((s) => ({ id: newId(), name: s.name, code: s.code }));
  const users: DemoResult['users'] = [];
  await inTransaction(deps.db, async (trx) => {
    for (const [i, s] of STORES.entries()) {
      await insertStore(trx, { id: stores[i]!.id, org_id: org.id, ...s, status: 'active', created_at: now.toISOString(), updated_at: now.toISOString() });
    }
    const storeIds = stores.map((s) => s.id);
    for (const [first, last, role] of PEOPLE) {
      const def = PRESETS.pos.roles.find((r) => r.key === role);
      const email = emailOf(first, domain);
      const user = await createUser(trx, deps, now, { email, firstName: first, lastName: last, password });
      const assigned = role === 'cashier' ? storeIds.slice(0, 2) : storeIds.slice(0, 1);
      const assignment: RoleAssignment = def?.scope === 'store' ? { role, storeIds: assigned } : { role };
      await addMembership(trx, ctx, now, org.id, user, [assignment]);
      users.push({ id: user.id, email, role });
    }
  });
  return { created: true, orgId: org.id, orgName: org.name, stores, users };
}

/**
 * Gives every demo member one new password, as a password reset would: lockouts cleared and
 * every session ended. The first run's password is only ever printed, never stored in the clear.
 */
export async function resetDemoPasswords(deps: Deps, demo: DemoResult, password: string): Promise<void> {
  const now = deps.clock();
  const iso = now.toISOString();
  for (const [first, last] of PEOPLE) {
    const check = checkPassword(password, [first.toLowerCase(), first, last]);
    if (!check.ok) throw new AppError('weak_password', check.reason, { field: 'password' });
  }
  // Hash before the transaction so the argon2id work never holds a database lock.
  const hashes = await Promise.all(demo.users.map((u) => deps.passwords.hash(password).then((hash) => ({ id: u.id, hash }))));
  await inTransaction(deps.db, async (trx) => {
    for (const { id, hash } of hashes) {
      await updateUser(trx, id, { password_hash: hash, password_changed_at: iso, updated_at: iso });
      await clearSignInFailures(trx, id);
      const ended = await revokeUserSessions(trx, id, iso, 'password_reset');
      await audit(trx, ctx, now, { orgId: null, action: 'auth.password_reset', targetType: 'user', targetId: id, after: { sessionsEnded: ended, lockCleared: true, via: 'seed-demo' } });
    }
  });
}

/** Whether `password` is the demo members' password (checked against the org admin's hash). */
export async function demoPasswordIs(deps: Deps, demo: DemoResult, password: string): Promise<boolean> {
  const first = demo.users[0];
  const row = first ? await findUserById(deps.db, first.id) : undefined;
  return row?.password_hash ? deps.passwords.verify(row.password_hash, password) : false;
}
