/**
 * The query mix every engine answers: the same (member, permission, store) triples, drawn
 * deterministically. Mostly till and stock questions in the member's own stores, some in
 * stores they do not have, org-wide team questions, and the permissions overrides touch.
 */
import type { Permission } from '../../src/domain/permissions.js';
import { PRESETS } from '../../src/domain/presets/index.js';
import type { MemberSpec } from './dataset.js';
import { rng } from './stats.js';

export interface Question {
  member: number;
  permission: Permission;
  storeId: string | undefined;
}

const roles = new Map(PRESETS.pos.roles.map((r) => [r.key, r]));

export function questions(members: readonly MemberSpec[], storeIds: readonly string[], count: number, seed: number): Question[] {
  const r = rng(seed);
  const out: Question[] = [];
  const anyStore = () => storeIds[Math.floor(r() * storeIds.length)] as string;
  for (let i = 0; i < count; i++) {
    const member = Math.floor(r() * members.length);
    const m = members[member] as MemberSpec;
    const a = m.assignments[0];
    const role = a ? roles.get(a.role) : undefined;
    const own = a?.storeIds?.[0] ?? anyStore();
    const x = r();
    let q: Question;
    if (x < 0.4) q = { member, permission: (role?.permissions[Math.floor(r() * role.permissions.length)] ?? 'checkout:operate') as Permission, storeId: own };
    else if (x < 0.6) q = { member, permission: 'checkout:operate', storeId: anyStore() };
    else if (x < 0.75) q = { member, permission: 'team:read', storeId: undefined };
    else if (x < 0.9) q = { member, permission: m.overrides[0]?.permission ?? 'inventory:update', storeId: m.overrides[0]?.storeId ?? own };
    else q = { member, permission: 'payments:refund', storeId: anyStore() };
    out.push(q);
  }
  return out;
}
