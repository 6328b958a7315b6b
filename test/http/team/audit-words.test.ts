/** Issue 16 item 5: the user history reads as sentences with names, and changes in words. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant, type Person, platformStaff } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

interface Event {
  action: string;
  actorId: string | null;
  targetId: string | null;
  summary: string;
  changes: { field: string; before: string; after: string }[];
}

const ULID = /[0-9A-HJKMNP-TV-Z]{26}/i;
const KEY = /\b[a-z_]+:[a-z_]+\b/;

/** Every word a person reads in an event: no ids, no permission keys, no JSON. */
function expectPlain(e: Event) {
  for (const text of [e.summary, ...e.changes.flatMap((c) => [c.field, c.before, c.after])]) {
    expect(text, text).not.toMatch(ULID);
    expect(text, text).not.toMatch(KEY);
    expect(text, text).not.toContain('{');
    expect(text, text).not.toContain('"');
  }
}

describe.each(dialects())('user history in words (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let hana: Person;
  let ben: Person;
  let staff: Person;
  const ticket = 'ticket 4411, owner confirmed by phone';

  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, {
      team: {
        hana: () => [{ role: 'org_admin' }],
        ben: (s) => [{ role: 'cashier', storeIds: [s[0]!] }],
        cara: (s) => [{ role: 'cashier', storeIds: [s[2]!] }],
      },
    });
    hana = m.people.hana!;
    ben = m.people.ben!;
    staff = await platformStaff(t);
    const db = t.deps.db;
    await db.updateTable('users').set({ first_name: 'Hana', last_name: 'Okafor' }).where('id', '=', hana.userId).execute();
    await db.updateTable('users').set({ first_name: 'Ben', last_name: 'Carter' }).where('id', '=', ben.userId).execute();
    await db.updateTable('stores').set({ name: 'Old Town' }).where('id', '=', m.stores[0]!).execute();
    await db.updateTable('stores').set({ name: 'Harbour' }).where('id', '=', m.stores[1]!).execute();

    const member = `/api/v1/orgs/${m.orgId}/members/${ben.userId}`;
    expect((await call(t, 'POST', `${member}/suspend`, { token: hana.token, body: {} })).status).toBe(200);
    expect((await call(t, 'POST', `${member}/reactivate`, { token: hana.token, body: {} })).status).toBe(200);
    const byStaff = await call(t, 'PATCH', member, {
      token: staff.token,
      body: { roles: [{ role: 'store_manager', storeIds: [m.stores[0]!, m.stores[1]!] }], reason: ticket },
    });
    expect(byStaff.status).toBe(200);
    const exception = await call(t, 'PATCH', member, { token: hana.token, body: { overrides: [{ permission: 'payments:refund', effect: 'deny', storeId: m.stores[1]! }] } });
    expect(exception.status).toBe(200);
  });
  afterAll(() => t.close());

  const history = async (query = '') => {
    const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit${query}`, { token: hana.token });
    expect(res.status).toBe(200);
    return res.body.items as Event[];
  };

  it('tells each event as a sentence with people and store names, the change before → after in words', async () => {
    const items = await history();
    for (const e of items) expectPlain(e);
    const of = (action: string) => items.filter((e) => e.action === action);

    expect(of('member.suspended')[0]!.summary).toBe('Hana Okafor suspended Ben Carter in Old Town.');
    expect(of('member.suspended')[0]!.changes).toEqual([{ field: 'Status', before: 'Active', after: 'Suspended' }]);
    expect(of('member.reactivated')[0]!.summary).toBe('Hana Okafor reactivated Ben Carter in Old Town.');

    const [exception, roles] = of('member.updated');
    expect(roles!.summary).toBe(`Sam Support (platform support, ticket: ${ticket}) changed Ben Carter's roles.`);
    expect(roles!.changes).toEqual([{ field: 'Roles', before: 'Cashier in Old Town', after: 'Store manager in Old Town and Harbour' }]);
    expect(exception!.summary).toBe("Hana Okafor changed Ben Carter's exceptions.");
    expect(exception!.changes).toEqual([{ field: 'Exceptions', before: 'none', after: 'not allowed to refund payments in Harbour' }]);

    // The raw fields stay for machines.
    expect(roles!.actorId).toBe(staff.userId);
    expect(roles!.targetId).toBe(ben.userId);
  });

  it('filters by person (who did it or whom it was about) and by store', async () => {
    const byBen = await history(`?personId=${ben.userId}`);
    expect(byBen.length).toBeGreaterThanOrEqual(4);
    for (const e of byBen) expect(e.summary).toContain('Ben Carter');
    const byStaff = await history(`?personId=${staff.userId}`);
    expect(byStaff.map((e) => e.action)).toEqual(['member.updated']);
    const inHarbour = await history(`?storeId=${m.stores[1]!}`);
    expect(inHarbour.map((e) => e.action)).toEqual(['member.updated', 'member.updated']);
  });

  it('offers the filter choices in words: the people and actions recorded, and the stores', async () => {
    const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/choices`, { token: hana.token });
    expect(res.status).toBe(200);
    const names = (res.body.people as { id: string; name: string }[]).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Ben Carter', 'Hana Okafor', 'Sam Support']));
    const labels = (res.body.actions as { action: string; label: string }[]).map((a) => a.label);
    expect(labels).toEqual(expect.arrayContaining(['Member suspended', 'Member access changed']));
    for (const l of labels) expect(l).not.toMatch(/[._:]/);
    expect((res.body.stores as { name: string }[]).map((s) => s.name)).toEqual(expect.arrayContaining(['Old Town', 'Harbour']));
    const refused = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/choices`, { token: m.people.cara!.token });
    expect([403, 404]).toContain(refused.status);
  });

  it('words invitations, roles, stores and business settings without ids or keys', async () => {
    const org = `/api/v1/orgs/${m.orgId}`;
    const as = { token: hana.token };
    const invited = await call(t, 'POST', `${org}/invitations`, { ...as, body: { email: 'dee@shop.test', roles: [{ role: 'cashier', storeIds: [m.stores[1]!] }] } });
    expect(invited.status).toBe(201);
    expect((await call(t, 'POST', `${org}/invitations/${invited.body.id}/cancel`, { ...as, body: {} })).status).toBe(200);
    const role = { key: 'refund_desk', name: 'Refund desk', scope: 'store', rank: 20, permissions: ['payments:refund'] };
    expect((await call(t, 'POST', `${org}/roles`, { ...as, body: role })).status).toBe(201);
    expect((await call(t, 'PATCH', `${org}/stores/${m.stores[2]!}`, { ...as, body: { name: 'Quayside' } })).status).toBe(200);
    const items = await history('?limit=100');
    for (const e of items) expectPlain(e);
    const of = (action: string) => items.find((e) => e.action === action)!;
    expect(of('invitation.created').summary).toBe('Hana Okafor invited dee@shop.test as Cashier in Harbour.');
    expect(of('invitation.cancelled').summary).toBe('Hana Okafor cancelled the invitation to dee@shop.test.');
    expect(of('role.created').summary).toBe('Hana Okafor created the role Refund desk.');
    expect(of('role.created').changes).toContainEqual({ field: 'What it allows', before: '—', after: 'refund payments' });
    expect(of('store.updated').summary).toBe('Hana Okafor changed the store Quayside.');
    expect(of('store.updated').changes).toEqual([{ field: 'Name', before: 'Store 3', after: 'Quayside' }]);
  });

  it('falls back to a plain sentence for an action it has no words for', async () => {
    await t.deps.db
      .insertInto('audit_events')
      .values({
        id: `zz${'0'.repeat(24)}`,
        org_id: m.orgId,
        actor_id: hana.userId,
        actor_kind: 'user',
        action: 'widget.frobbed',
        target_type: 'user',
        target_id: ben.userId,
        before: JSON.stringify({ colour: 'red' }),
        after: JSON.stringify({ colour: 'blue', nested: { a: 1 } }),
        reason: null,
        ip: null,
        request_id: null,
        created_at: t.clock.now().toISOString(),
      })
      .execute();
    const [e] = await history('?action=widget.frobbed');
    expect(e!.summary).toBe('Hana Okafor made a change (widget frobbed) to Ben Carter.');
    expect(e!.changes).toEqual([{ field: 'Colour', before: 'red', after: 'blue' }]);
    expectPlain(e!);
  });
});
