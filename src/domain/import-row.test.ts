import { describe, expect, it } from 'vitest';
import { canInvite } from './delegation.js';
import { asActor, inStores, makeMember, makeOrg, orgRole } from './fixtures.js';
import { matchHeader } from './import-columns.js';
import { type ExistingState, planImportRow } from './import-plan.js';
import { canImportPerson, type ImportLookup, type ImportPerson, importAuthority, readImportRow, type RowFields } from './import-row.js';

const org = makeOrg('pos');
const lookup: ImportLookup = { org, storeByCode: new Map([['s1', 's1'], ['s2', 's2']]), profiles: new Map(), customerByNumber: new Map() };
const row = (f: RowFields) => readImportRow(lookup, { email: 'a@b.test', role: 'Cashier', stores: 'S1', ...f });
const person = (f: RowFields = {}): ImportPerson => {
  const r = row(f);
  if (!r.ok) throw new Error(r.message);
  return r.person;
};

describe('matchHeader', () => {
  it.each([
    [['Email', 'First Name', 'LAST_NAME', 'Role', 'Stores'], ['email', 'first_name', 'last_name', 'role', 'stores']],
    [['E-mail', 'given name', 'surname', 'Permission group', 'store codes', 'Notes'], ['email', 'first_name', 'last_name', 'role', 'stores', null]],
  ])('reads %j', (header, columns) => {
    expect(matchHeader(header)).toMatchObject({ ok: true, columns });
  });
  it('refuses a header without email or role, or with a column twice', () => {
    expect(matchHeader(['name', 'role'])).toMatchObject({ ok: false });
    expect(matchHeader(['email', 'role', 'E-Mail'])).toMatchObject({ ok: false, reason: expect.stringMatching(/twice/) });
  });
});

describe('readImportRow', () => {
  it.each([
    [{ email: 'nope' }, 'invalid_email'],
    [{ role: 'Juggler' }, 'unknown_role'],
    [{ stores: 'S9' }, 'unknown_store'],
    [{ stores: '' }, 'invalid_assignment'],
    [{ role: 'Org manager', stores: 'S1' }, 'invalid_assignment'],
    [{ role: '' }, 'invalid_assignment'],
    [{ first_name: 'A\u0007' }, 'validation_failed'],
    [{ phone: 'call me' }, 'validation_failed'],
    [{ audience: 'robot' }, 'invalid_audience'],
    [{ profile: 'Gold' }, 'unknown_profile'],
    [{ customer: 'C-1' }, 'unknown_customer_account'],
  ] as [RowFields, string][])('refuses %j with %s', (fields, code) => {
    expect(row(fields)).toMatchObject({ ok: false, code });
  });
  it('resolves roles by name or key, stores by code in any case, and trims list cells', () => {
    expect(person({ role: 'store_manager; Cashier', stores: ' s2 ;S1 ' }).assignments).toEqual([inStores('store_manager', 's1', 's2'), inStores('cashier', 's1', 's2')]);
    expect(person({ role: 'Org manager', stores: '' }).assignments).toEqual([orgRole('org_manager')]);
  });
});

describe('canImportPerson: the single invitation’s delegation rules', () => {
  it('decides like canInvite', () => {
    const actor = asActor(makeMember('m', [inStores('store_manager', 's1')]));
    for (const f of [{}, { stores: 'S2' }, { role: 'Org admin', stores: '' }, { role: 'Stocker', stores: 'S1;S2' }]) {
      const p = person(f);
      expect(canImportPerson(org, importAuthority(org, actor), p).allowed).toBe(canInvite(org, actor, p.assignments).allowed);
    }
  });
  const manager = importAuthority(org, asActor(makeMember('m', [inStores('store_manager', 's1')])));
  it('lets a store manager import into their store only, and nobody grant above their rank', () => {
    expect(canImportPerson(org, manager, person()).allowed).toBe(true);
    expect(canImportPerson(org, manager, person({ stores: 'S2' }))).toMatchObject({ allowed: false, code: 'store_not_assignable' });
    expect(canImportPerson(org, manager, person({ role: 'Org admin', stores: '' }))).toMatchObject({ allowed: false, code: 'role_not_assignable' });
    expect(canImportPerson(org, importAuthority(org, asActor(makeMember('c', [inStores('cashier', 's1')]))), person()).allowed).toBe(false);
  });
});

describe('planImportRow', () => {
  const p = person();
  const same = { audience: 'staff', assignments: p.assignments, profileId: null, customerIds: [] } as const;
  const other = { ...same, assignments: [inStores('stocker', 's1')] };
  it.each([
    ['invite', { kind: 'none' }, 'create'],
    ['create', { kind: 'none' }, 'create'],
    ['invite', { kind: 'member', grant: same }, 'unchanged'],
    ['invite', { kind: 'member', grant: other }, 'error'],
    ['invite', { kind: 'invitation', id: 'i', grant: same, firstName: null, lastName: null }, 'unchanged'],
    ['invite', { kind: 'invitation', id: 'i', grant: other, firstName: null, lastName: null }, 'update'],
    ['create', { kind: 'invitation', id: 'i', grant: same, firstName: null, lastName: null }, 'error'],
    ['invite', { kind: 'deactivated' }, 'error'],
  ] as ['invite' | 'create', ExistingState, string][])('%s over %j: %s', (mode, existing, outcome) => {
    expect(planImportRow(mode, p, existing).outcome).toBe(outcome);
  });
});
