/** Issue 16 item 6: a closed store can be edited and reopened by those who manage stores org-wide. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

describe.each(dialects())('closing and reopening a store (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t?.close());

  const patch = (token: string, storeId: string, body: object) => call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/stores/${storeId}`, { token, body });

  it('an org admin closes a store, renames it while closed, and reopens it', async () => {
    const owner = m.people.owner!.token;
    const store = m.stores[2]!;
    expect((await patch(owner, store, { status: 'archived' })).body.status).toBe('archived');
    const renamed = await patch(owner, store, { name: 'Old Harbour' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Old Harbour');
    const reopened = await patch(owner, store, { status: 'active' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ name: 'Old Harbour', status: 'active' });
    const open = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores?status=active`, { token: owner });
    expect(open.body.items.map((s: { id: string }) => s.id)).toContain(store);
  });

  it("a store's own manager cannot reopen it once it is closed", async () => {
    const store = m.stores[0]!;
    expect((await patch(m.people.owner!.token, store, { status: 'archived' })).status).toBe(200);
    const res = await patch(m.people.manager1!.token, store, { status: 'active' });
    expect(res.status).toBe(403);
    expect((await patch(m.people.owner!.token, store, { status: 'active' })).status).toBe(200);
  });
});
