import type { Deps } from '../container.js';
import { PRESETS } from '../domain/presets/index.js';
import type { RoleAssignment } from '../domain/types.js';
import { newId } from '../lib/ids.js';
import { insertStore } from '../store/queries/store.queries.js';
import type { RequestContext } from './context.js';
import { createOrg } from './orgs.js';
import { addMembership, createUser } from './users.js';

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

export interface DemoResult {
  orgId: string;
  users: { email: string; role: string }[];
}

/**
 * A demo merchant with three stores and one member of each `pos` role, so a newcomer sees a
 * populated Team page at once. Store roles get the first store (the cashier also the second).
 */
export async function seedDemo(deps: Deps, password: string, domain = 'demo.rolecall.test'): Promise<DemoResult> {
  const ctx: RequestContext = { principal: null, ip: undefined, requestId: 'seed-demo' };
  const org = await createOrg(deps, ctx, { name: 'Demo Coffee Co', preset: 'pos' });
  const now = deps.clock();
  const storeIds: string[] = [];
  const users: DemoResult['users'] = [];
  await deps.db.transaction().execute(async (trx) => {
    for (const s of STORES) {
      const id = newId();
      storeIds.push(id);
      await insertStore(trx, { id, org_id: org.id, ...s, status: 'active', created_at: now.toISOString(), updated_at: now.toISOString() });
    }
    for (const [first, last, role] of PEOPLE) {
      const def = PRESETS.pos.roles.find((r) => r.key === role);
      const email = `${first.toLowerCase()}@${domain}`;
      const user = await createUser(trx, deps, now, { email, firstName: first, lastName: last, password });
      const stores = role === 'cashier' ? storeIds.slice(0, 2) : storeIds.slice(0, 1);
      const assignment: RoleAssignment = def?.scope === 'store' ? { role, storeIds: stores } : { role };
      await addMembership(trx, ctx, now, org.id, user, [assignment]);
      users.push({ email, role });
    }
  });
  return { orgId: org.id, users };
}
