/**
 * casbin, set up the way its docs recommend for multi-tenant RBAC: the "RBAC with domains"
 * model, with the store as the domain. Org-scoped roles are granted in a domain named `org`
 * that the matcher also consults, so one grouping line stands for "every store" (as our
 * org-scoped assignment does). Per-user overrides are direct policy lines with an explicit
 * effect, and deny beats allow (`some allow && !some deny`), like seed 004's flags.
 * Store roles' org-wide permissions (seed 001) are a second role granted in the `org` domain.
 * The preset has no billing-conditional permissions, so none are encoded.
 * The policy is loaded once from a string (no adapter I/O during the measurement).
 */
import { newEnforcer, newModelFromString, StringAdapter, type Enforcer } from 'casbin';
import type { MemberSpec } from '../lib/dataset.js';
import type { RoleDefinition } from '../../src/domain/types.js';

const MODEL = `
[request_definition]
r = sub, dom, act

[policy_definition]
p = sub, dom, act, eft

[role_definition]
g = _, _, _

[policy_effect]
e = some(where (p.eft == allow)) && !some(where (p.eft == deny))

[matchers]
m = (g(r.sub, p.sub, r.dom) || g(r.sub, p.sub, "org") || r.sub == p.sub) && (p.dom == "*" || p.dom == r.dom) && r.act == p.act
`;

/** Domain for a question: the store, or `org` for an org-wide question. */
export const casbinDomain = (storeId: string | undefined) => storeId ?? 'org';

export async function casbinEnforcer(roles: readonly RoleDefinition[], members: readonly MemberSpec[]): Promise<{ enforcer: Enforcer; lines: number }> {
  const lines: string[] = [];
  const orgWide = new Set<string>();
  for (const r of roles) {
    for (const p of r.permissions) lines.push(`p, role:${r.key}, *, ${p}, allow`);
    // Seed 001: a store role's org-wide permissions (see all team members) hold in every store.
    if (r.orgWidePermissions?.length) {
      orgWide.add(r.key);
      for (const p of r.orgWidePermissions) lines.push(`p, orgwide:${r.key}, *, ${p}, allow`);
    }
  }
  for (const m of members) {
    for (const a of m.assignments) {
      if (a.storeIds) for (const s of a.storeIds) lines.push(`g, ${m.userId}, role:${a.role}, ${s}`);
      else lines.push(`g, ${m.userId}, role:${a.role}, org`);
      if (a.storeIds && orgWide.has(a.role)) lines.push(`g, ${m.userId}, orgwide:${a.role}, org`);
    }
    for (const o of m.overrides) lines.push(`p, ${m.userId}, ${o.storeId ?? '*'}, ${o.permission}, ${o.effect}`);
  }
  const enforcer = await newEnforcer(newModelFromString(MODEL), new StringAdapter(lines.join('\n')));
  return { enforcer, lines: lines.length };
}
