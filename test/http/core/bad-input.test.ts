import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

const SETUP = 'setup-token-for-the-bad-input-suite-0123456789';

/** SPEC rule 12: bad input gets problem+json `validation_failed`, changes nothing, loses nothing. */
describe.each(dialects())('bad input (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let url: string;
  let token: string;
  const state = async () => (await call(t, 'GET', url, { token })).body;

  beforeAll(async () => {
    t = await startTestApp(dialect, {}, { setupToken: SETUP });
    m = await posTeam(t);
    url = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`;
    token = m.people.owner!.token;
  });
  afterAll(() => t.close());

  const cases: [string, { body?: unknown; rawBody?: string; headers?: Record<string, string> }, number, string][] = [
    ['wrong type', { body: { roles: 'cashier' } }, 400, 'validation_failed'],
    ['string for a boolean', { body: { roles: [{ role: 'cashier', storeIds: [] }], overrideLastAdmin: 'true' } }, 400, 'validation_failed'],
    ['unknown field (mass assignment)', { body: { roles: [{ role: 'org_admin' }], isOwner: true } }, 400, 'validation_failed'],
    ['unknown nested field', { body: { roles: [{ role: 'cashier', storeIds: ['x'], rank: 1000 }] } }, 400, 'validation_failed'],
    ['unknown permission', { body: { overrides: [{ permission: 'root:all', effect: 'allow' }] } }, 400, 'validation_failed'],
    ['malformed JSON', { rawBody: '{"roles": [', headers: { 'content-type': 'application/json' } }, 400, 'validation_failed'],
    ['oversized body', { rawBody: JSON.stringify({ roles: [{ role: 'x'.repeat(300_000) }] }) }, 413, 'payload_too_large'],
    ['deeply nested JSON', { rawBody: `${'['.repeat(5000)}${']'.repeat(5000)}` }, 400, 'validation_failed'],
    ['not JSON', { rawBody: 'roles=cashier', headers: { 'content-type': 'application/x-www-form-urlencoded' } }, 415, 'unsupported_media_type'],
    ['empty roles', { body: { roles: [] } }, 400, 'validation_failed'],
    ['store role without stores', { body: { roles: [{ role: 'cashier' }] } }, 400, 'invalid_assignment'],
    ['unknown role', { body: { roles: [{ role: 'wizard' }] } }, 400, 'unknown_role'],
  ];

  it.each(cases)('%s → %i %s, nothing changes', async (_name, req, status, code) => {
    const before = await state();
    const res = await call(t, 'PATCH', url, { token, ...req });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(await state()).toEqual(before);
  });

  it('names the offending field', async () => {
    const res = await call(t, 'PATCH', url, { token, body: { roles: [{ role: 'cashier', storeIds: [m.stores[0]] }], colour: 'red' } });
    expect(res.body.errors[0].message).toContain('colour');
  });

  it.each([
    ['Cyrillic look-alike', 'аdmin@shop.test'],
    ['zero-width space', 'ad\u200bmin@shop.test'],
    ['right-to-left override', 'admin\u202e@shop.test'],
    ['control character', 'admin\u0007@shop.test'],
    ['not an email', 'admin.shop.test'],
  ])('refuses a %s email when creating an account', async (_name, email) => {
    const users = await t.deps.db.selectFrom('users').select('id').execute();
    const res = await call(t, 'POST', '/api/v1/setup', { body: { token: SETUP, email, password: 'a long enough passphrase here', firstName: 'A', lastName: 'B' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect((await t.deps.db.selectFrom('users').select('id').execute()).length).toBe(users.length);
  });

  it('refuses control characters in names', async () => {
    const res = await call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/stores/${m.stores[0]}`, { token, body: { name: 'Shop\nINFO forged log line' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
  });

  it('an unknown path answers problem+json 404', async () => {
    const res = await call(t, 'GET', '/api/v1/nothing-here', { token });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });
});
