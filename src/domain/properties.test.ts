/**
 * Property tests (fast-check) for the rules that must hold for every org, not just the seeds'
 * examples: delegation never amplifies rights, deny always wins, store scope is a boundary,
 * and the last top admin survives any sequence of changes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canEditMember } from './delegation.js';
import { asActor, makeMember, makeOrg } from './fixtures.js';
import { checkTopAdminKept } from './invariants.js';
import type { Permission } from './permissions.js';
import { allows, can, heldPermissions } from './policy.js';
import { profileGrants } from './profile-grants.js';
import { PROFILE_LEVELS, PROFILE_SETS } from './profiles.js';
import type { Audience, BillingLevel, OrgContext, Override, PresetKey, RoleAssignment, Subject } from './types.js';

const RUNS = { numRuns: 200 };
const PRESET_KEYS: PresetKey[] = ['pos', 'merchant-portal', 'payments', 'retail'];
// A small pool so overrides collide with role permissions often.
const POOL: Permission[] = [
  'sales:read', 'team:manage', 'team:read', 'payouts:read', 'reports:read', 'inventory:update',
  'org:delete', 'stores:read', 'invoices:read', 'checkout:operate', 'transactions:download', 'bank_accounts:read',
];

const orgArb = fc
  .record({
    preset: fc.constantFrom(...PRESET_KEYS),
    storeCount: fc.integer({ min: 1, max: 4 }),
    billing: fc.constantFrom<BillingLevel>('store', 'org'),
  })
  // ownerId null: signing is owner-only by design and is tested separately (policy.test.ts).
  .map(({ preset, storeCount, billing }) =>
    makeOrg(preset, { stores: Array.from({ length: storeCount }, (_, i) => `s${i}`), billing, ownerId: null }),
  );

const storeSubset = (org: OrgContext) => fc.subarray([...org.storeIds], { minLength: 1 });

const assignmentArb = (org: OrgContext): fc.Arbitrary<RoleAssignment> =>
  fc.constantFrom(...org.roles.values()).chain((role) =>
    role.scope === 'org' ? fc.constant({ role: role.key }) : storeSubset(org).map((storeIds) => ({ role: role.key, storeIds })),
  );

const overrideArb = (org: OrgContext): fc.Arbitrary<Override> =>
  fc
    .record({
      permission: fc.constantFrom(...POOL),
      effect: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
      storeId: fc.option(fc.constantFrom(...org.storeIds), { nil: undefined }),
    })
    .map((o) => (o.storeId === undefined ? { permission: o.permission, effect: o.effect } : o));

const subjectArb = (org: OrgContext, userId: string) =>
  fc
    .record({
      assignments: fc.array(assignmentArb(org), { minLength: 1, maxLength: 3 }),
      overrides: fc.array(overrideArb(org), { maxLength: 3 }),
    })
    .map(({ assignments, overrides }) => makeMember(userId, assignments, overrides));

const contexts = (org: OrgContext): (string | undefined)[] => [undefined, ...org.storeIds];

describe('delegation properties', () => {
  it('(a) no sequence of allowed edits lets an actor grant more than they hold', () => {
    const scenario = orgArb.chain((org) =>
      fc.record({
        org: fc.constant(org),
        actor: subjectArb(org, 'actor'),
        target: subjectArb(org, 'target'),
        steps: fc.array(
          fc.oneof(
            fc.record({ kind: fc.constant('add' as const), a: assignmentArb(org) }),
            fc.record({ kind: fc.constant('replace' as const), as: fc.array(assignmentArb(org), { minLength: 1, maxLength: 3 }) }),
            fc.record({ kind: fc.constant('override' as const), o: overrideArb(org) }),
            fc.record({ kind: fc.constant('drop-override' as const), i: fc.nat() }),
          ),
          { minLength: 1, maxLength: 8 },
        ),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ org, actor, target, steps }) => {
        const actorHeld = new Map(contexts(org).map((c) => [c, heldPermissions(org, actor, c)]));
        const before = new Map(contexts(org).map((c) => [c, heldPermissions(org, target, c)]));
        let current: Subject = target;
        for (const step of steps) {
          let assignments = current.assignments;
          let overrides = current.overrides;
          if (step.kind === 'add') assignments = [...assignments, step.a];
          if (step.kind === 'replace') assignments = step.as;
          if (step.kind === 'override') overrides = [...overrides, step.o];
          if (step.kind === 'drop-override') overrides = overrides.filter((_, i) => i !== step.i % Math.max(1, overrides.length));
          const next = { assignments, overrides };
          if (canEditMember(org, asActor(actor), current, next).allowed) current = { ...current, ...next };
        }
        for (const c of contexts(org)) {
          const gained = [...heldPermissions(org, current, c)].filter((p) => !before.get(c)?.has(p));
          const unheld = gained.filter((p) => !actorHeld.get(c)?.has(p));
          expect({ context: c ?? 'org-wide', unheld }).toEqual({ context: c ?? 'org-wide', unheld: [] });
        }
      }),
      RUNS,
    );
  });
});

describe('policy properties', () => {
  it('(b) a deny override always wins, whatever the roles and allow overrides', () => {
    const scenario = orgArb.chain((org) =>
      fc.record({
        org: fc.constant(org),
        subject: subjectArb(org, 'u'),
        deny: overrideArb(org).map((o) => ({ ...o, effect: 'deny' as const })),
        allowToo: fc.boolean(),
        askStore: fc.option(fc.constantFrom(...org.storeIds), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ org, subject, deny, allowToo, askStore }) => {
        const storeId = deny.storeId ?? askStore;
        const extra: Override[] = allowToo ? [{ permission: deny.permission, effect: 'allow' }] : [];
        const s = { ...subject, overrides: [...extra, ...subject.overrides, deny] };
        expect(can(org, s, deny.permission, storeId).allowed).toBe(false);
      }),
      RUNS,
    );
  });

  it('allows() answers exactly as can().allowed, for every permission, store and subject', () => {
    const scenario = orgArb.chain((org) =>
      fc.record({
        org: fc.constant(org),
        subject: subjectArb(org, 'u'),
        owner: fc.boolean(),
        status: fc.constantFrom('active', 'suspended', null),
        deactivated: fc.boolean(),
        permission: fc.constantFrom(...POOL, 'documents:sign' as Permission),
        askStore: fc.option(fc.constantFrom(...org.storeIds, 'elsewhere'), { nil: undefined }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ org, subject, owner, status, deactivated, permission, askStore }) => {
        const o = { ...org, ownerId: owner ? subject.userId : 'someone-else' };
        const s = { ...subject, membershipStatus: status, userStatus: deactivated ? ('deactivated' as const) : ('active' as const) };
        expect(allows(o, s, permission, askStore)).toBe(can(o, s, permission, askStore).allowed);
      }),
      { numRuns: 1000 },
    );
  });

  it('allows() answers exactly as can().allowed for partner and customer users and customer accounts (seed 002)', () => {
    const commerce = makeOrg('commerce', { ownerId: null });
    const roles = [...commerce.roles.values()].map((r) => ({ role: r.key }));
    const scenario = fc.record({
      audience: fc.constantFrom<Audience | undefined>(undefined, 'staff', 'partner', 'customer'),
      assignments: fc.subarray(roles, { maxLength: 2 }),
      overrides: fc.array(overrideArb(commerce), { maxLength: 2 }),
      customerIds: fc.subarray(['c1', 'c2', 'c3']),
      levels: fc.dictionary(fc.constantFrom(...PROFILE_SETS), fc.constantFrom(...PROFILE_LEVELS)),
      permission: fc.constantFrom(...POOL, ...profileGrants('partner', { my_customers: 'full', my_account: 'full', pay_invoices: 'full' })),
      askCustomer: fc.option(fc.constantFrom('c1', 'c2', 'c3', 'c9'), { nil: undefined }),
    });
    fc.assert(
      fc.property(scenario, ({ audience, assignments, overrides, customerIds, levels, permission, askCustomer }) => {
        const s: Subject = {
          ...makeMember('u', assignments, overrides),
          ...(audience ? { audience } : {}),
          customerIds,
          profile: { id: 'p', name: 'P', permissions: profileGrants(audience ?? 'staff', levels) },
        };
        const d = can(commerce, s, permission, undefined, askCustomer);
        expect(allows(commerce, s, permission, undefined, askCustomer)).toBe(d.allowed);
        // A partner or customer user never reaches an account that is not theirs.
        if (audience === 'partner' || audience === 'customer') {
          if (askCustomer !== undefined && !customerIds.includes(askCustomer)) expect(d.allowed).toBe(false);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('(c) a store-scoped role grants nothing outside its stores except its org-wide permissions', () => {
    const scenario = orgArb.chain((org) =>
      fc.record({
        org: fc.constant(org),
        assignments: fc.array(assignmentArb(org), { minLength: 1, maxLength: 3 }),
      }),
    );
    fc.assert(
      fc.property(scenario, ({ org, assignments }) => {
        const storeOnly = assignments.filter((a) => org.roles.get(a.role)?.scope === 'store');
        const subject = makeMember('u', storeOnly);
        for (const c of contexts(org)) {
          for (const p of heldPermissions(org, subject, c)) {
            const justified = storeOnly.some((a) => {
              const role = org.roles.get(a.role);
              if (role === undefined) return false;
              if (c !== undefined && a.storeIds?.includes(c)) return true;
              return role.orgWidePermissions?.includes(p) === true || role.orgWideWhenBilling === org.billingLevel;
            });
            expect({ p, c, justified }).toEqual({ p, c, justified: true });
          }
        }
      }),
      RUNS,
    );
  });
});

describe('invariant properties', () => {
  it('(d) remove/demote/suspend/deactivate gated by checkTopAdminKept never leaves zero active top admins', () => {
    type M = { topAdmin: boolean; active: boolean; present: boolean };
    const op = fc.record({
      kind: fc.constantFrom('remove', 'demote', 'suspend', 'deactivate', 'promote', 'reactivate'),
      target: fc.nat(),
    });
    const scenario = fc.record({
      members: fc.array(fc.boolean(), { minLength: 1, maxLength: 5 }),
      ops: fc.array(op, { minLength: 1, maxLength: 20 }),
    });
    const org = makeOrg('pos');
    fc.assert(
      fc.property(scenario, ({ members, ops }) => {
        // At least one active top admin to begin with.
        const ms: M[] = members.map((t, i) => ({ topAdmin: t || i === 0, active: true, present: true }));
        const isTop = (m: M) => m.present && m.active && m.topAdmin;
        for (const { kind, target } of ops) {
          const m = ms[target % ms.length] as M;
          if (!m.present) continue;
          const next: M =
            kind === 'remove' ? { ...m, present: false }
            : kind === 'demote' ? { ...m, topAdmin: false }
            : kind === 'promote' ? { ...m, topAdmin: true }
            : kind === 'reactivate' ? { ...m, active: true }
            : { ...m, active: false };
          const d = checkTopAdminKept({
            org,
            targetIsActiveTopAdminNow: isTop(m),
            targetWillBeActiveTopAdmin: isTop(next),
            otherActiveTopAdmins: ms.filter((x) => x !== m && isTop(x)).length,
          });
          if (d.allowed) Object.assign(m, next);
          expect(ms.filter(isTop).length).toBeGreaterThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });
});
