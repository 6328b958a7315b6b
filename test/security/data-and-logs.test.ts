import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posTeam, type Merchant } from '../fixtures/merchant.js';
import { operations } from '../fixtures/openapi-sample.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { snapshot } from './security-helpers.js';

/** Text that only an unhandled error or a leaked query would put in a response. */
const INTERNALS = /(\bat \S+ \(|node_modules|\/src\/|SQLITE_|syntax error at or near|\bselect\b.+\bfrom\b|stack)/i;

describe.each(dialects())('Data and logs (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());
  const owner = () => m.people.owner!.token;

  it('[1.2.4] injection payloads in query and body are data: no error, no widened result, stored verbatim', async () => {
    const evil = ["' OR '1'='1", "x'); DROP TABLE stores;--", '%" OR 1=1 --', '\\x27 UNION SELECT password_hash FROM users--'];
    for (const search of evil) {
      const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members?search=${encodeURIComponent(search)}`, { token: owner() });
      expect(res.status, search).toBe(200);
      expect(res.body.items, search).toHaveLength(0);
    }
    const name = "Bobby's Store'); DROP TABLE stores;--";
    const created = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/stores`, { token: owner(), body: { name, code: 'INJ1' } });
    expect(created.status).toBe(201);
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/stores/${created.body.id}`, { token: owner() })).body.name).toBe(name);
  });

  it('[5.2.1] request bodies are capped: 10 MB JSON → 413; deeply nested JSON → 400; neither changes anything or leaks internals', async () => {
    const before = await snapshot(t);
    const url = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`;
    const big = await call(t, 'PATCH', url, { token: owner(), rawBody: JSON.stringify({ firstName: 'x'.repeat(10 * 1024 * 1024) }) });
    expect(`${big.status} ${big.body.code}`).toBe('413 payload_too_large');
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const nested = await call(t, 'PATCH', url, { token: owner(), rawBody: deep });
    expect(`${nested.status} ${nested.body.code}`).toBe('400 validation_failed');
    const arrays = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: owner(), rawBody: `{"userId":${'['.repeat(40_000)}${']'.repeat(40_000)},"permission":"sales:read"}` });
    expect(arrays.status).toBe(400);
    for (const r of [big, nested, arrays]) expect(JSON.stringify(r.body)).not.toMatch(INTERNALS);
    expect(await snapshot(t)).toBe(before);
  });

  it('[16.3.2] refused authorizations are audited; [16.3.1] changes are audited with actor and IP', async () => {
    const url = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier12!.userId}`;
    const refused = await call(t, 'PATCH', url, { token: m.people.cashier1!.token, body: { roles: [{ role: 'org_admin' }] } });
    expect(refused.status).toBe(403);
    const row = await t.deps.db.selectFrom('audit_events').selectAll().where('action', '=', 'authz.refused').where('actor_id', '=', m.people.cashier1!.userId).executeTakeFirst();
    expect(row).toBeDefined();
    const ok = await call(t, 'PATCH', url, { token: owner(), body: { firstName: 'Renamed' } });
    expect(ok.status).toBe(200);
    const change = await t.deps.db.selectFrom('audit_events').selectAll().where('target_id', '=', m.people.cashier12!.userId).where('actor_id', '=', m.people.owner!.userId).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(change.ip).toBe('127.0.0.1');
  });

  it('[16.4.2] audit entries cannot be edited or deleted through any API operation', async () => {
    const doc = (await call(t, 'GET', '/api/v1/openapi.json')).body;
    const writes = operations(doc).filter((o) => o.method !== 'GET' && /audit/i.test(o.path));
    expect(writes.map((o) => `${o.method} ${o.path}`)).toEqual([]);
    const id = (await t.deps.db.selectFrom('audit_events').select('id').executeTakeFirstOrThrow()).id;
    for (const method of ['PATCH', 'PUT', 'DELETE']) {
      for (const path of [`/api/v1/orgs/${m.orgId}/audit/${id}`, `/api/v1/audit/${id}`, `/api/v1/orgs/${m.orgId}/audit`]) {
        expect((await call(t, method, path, { token: owner(), body: {} })).status, `${method} ${path}`).toBe(404);
      }
    }
  });

  it('[16.4.1] control characters cannot forge log lines: CR/LF, ANSI escapes and NUL in names and reasons are refused', async () => {
    const before = await snapshot(t);
    const url = `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`;
    for (const bad of ['Ann\n2026-11-23 audit member.removed by admin', 'Ann\r\nX', 'Ann\u001b[31mred', 'Ann\u0000', 'Ann\u2028next']) {
      const name = await call(t, 'PATCH', url, { token: owner(), body: { firstName: bad } });
      expect(`${name.status} ${name.body.code}`, JSON.stringify(bad)).toBe('400 validation_failed');
      const reason = await call(t, 'POST', `${url}/suspend`, { token: owner(), body: { reason: bad } });
      expect(reason.status, JSON.stringify(bad)).toBe(400);
    }
    expect(await snapshot(t)).toBe(before);
  });

  it('[15.3.4] the client IP comes from the socket: X-Forwarded-For is ignored without a trusted proxy', async () => {
    const res = await call(t, 'POST', '/api/v1/auth/token', { body: { email: m.people.stocker2!.email, password: 'wrong password from a spoofed ip' }, headers: { 'x-forwarded-for': '6.6.6.6', forwarded: 'for=6.6.6.6' } });
    expect(res.status).toBe(401);
    const row = await t.deps.db.selectFrom('audit_events').select('ip').where('action', '=', 'auth.sign_in_failed').where('target_id', '=', m.people.stocker2!.userId).executeTakeFirstOrThrow();
    expect(row.ip).toBe('127.0.0.1');
  });

  it('[16.5.3] errors fail closed and never leak internals: malformed JSON, wrong types, bad cursors, unknown media types', async () => {
    const probes = [
      call(t, 'PATCH', `/api/v1/orgs/${m.orgId}/members/${m.people.cashier1!.userId}`, { token: owner(), rawBody: '{"firstName": "unterminated' }),
      call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: owner(), body: { userId: { $ne: null }, permission: ['sales:read'] } }),
      call(t, 'GET', `/api/v1/orgs/${m.orgId}/members?cursor=${encodeURIComponent("'; select 1 --")}`, { token: owner() }),
      call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?from=not-a-date&limit=-1`, { token: owner() }),
      call(t, 'POST', `/api/v1/orgs/${m.orgId}/stores`, { token: owner(), rawBody: '<xml/>', headers: { 'content-type': 'application/xml' } }),
      call(t, 'GET', '/api/v1/me', { token: 'not-a-real-token' }),
    ];
    for (const res of await Promise.all(probes)) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(typeof res.body.code).toBe('string');
      expect(JSON.stringify(res.body)).not.toMatch(INTERNALS);
    }
  });
  it('[3.4.1–3.4.5] every response carries the browser security headers: API answers, refusals and errors alike', async () => {
    const responses = [
      await call(t, 'GET', '/healthz'),
      await call(t, 'POST', `/api/v1/orgs/${m.orgId}/check`, { token: owner(), body: { userId: m.people.cashier1!.userId, permission: 'team:read' } }),
      await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: m.people.cashier1!.token }),
      await call(t, 'GET', '/api/v1/orgs/org_nope/members'),
    ];
    for (const res of responses) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      // HSTS only under an https: public URL (this app's is http:); test/http/security-headers.test.ts.
      expect(res.headers.get('strict-transport-security')).toBeNull();
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });
});
