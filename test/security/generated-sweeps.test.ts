import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, PASSWORD, tokenFor } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { bodySchema, bodyWith, fillPath, type IdSet, operations, sweepSetup } from './openapi-requests.js';
import { login, snapshot, snapshotDiff } from './security-helpers.js';

/** Credential forms act without a session: they are protected by the Origin/Fetch-Metadata check. */
const ORIGIN_ONLY = new Set(['POST /api/v1/auth/login', 'POST /api/v1/auth/token', 'POST /api/v1/auth/password/forgot', 'POST /api/v1/auth/password/reset', 'POST /api/v1/auth/login/second-factor', 'POST /api/v1/auth/token/second-factor', 'POST /api/v1/auth/sso/start']);

/** Fields an attacker adds hoping one is bound to the row (mass assignment). */
const INJECTED: [string, string][] = [
  ['__proto__', '{"isOwner":true,"platformRole":"support_admin"}'],
  ['isOwner', 'true'],
  ['platformRole', '"support_admin"'],
  ['constructor', '{"prototype":{"isAdmin":true}}'],
];

/** Adds a raw `"key": value` member to a JSON object text (JSON.stringify drops `__proto__`). */
function withField(body: unknown, key: string, raw: string): string {
  const text = JSON.stringify(body ?? {});
  return text === '{}' ? `{"${key}":${raw}}` : `${text.slice(0, -1)},"${key}":${raw}}`;
}

describe.each(dialects())('generated from the OpenAPI document (%s)', (dialect) => {
  let t: TestApp;
  let a: Merchant;
  let ours: IdSet;
  let doc: any;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    ({ a, ours, doc } = await sweepSetup(t, 'sweep-invitee@elsewhere.test'));
  });
  afterAll(() => t.close());

  describe('Access control', () => {
    it('[15.3.3] unknown fields (__proto__, isOwner, platformRole, constructor) on every operation with a body → 400 validation_failed, no change', async () => {
      const ops = operations(doc).filter((o) => bodySchema(o.op));
      const before = await snapshot(t);
      let calls = 0;
      for (const o of ops) {
        const body = bodyWith(bodySchema(o.op), ours);
        for (const [key, raw] of INJECTED) {
          const res = await call(t, o.method, fillPath(o.path, ours), { token: a.people.owner!.token, rawBody: withField(body, key, raw) });
          expect.soft(`${res.status} ${res.body?.code}`, `${o.method} ${o.path} + ${key}`).toBe('400 validation_failed');
          calls++;
        }
      }
      const after = await snapshot(t);
      expect(after, snapshotDiff(before, after)).toBe(before);
      console.log(`unknown-field sweep (${dialect}): ${ops.length} operations with a body, ${calls} calls`);
      expect(ops.length).toBeGreaterThan(20);
    });
  });

  describe('Sessions', () => {
    it('[3.5.1] [3.5.2] every cookie-authenticated change without or with a wrong CSRF token → 403 csrf_failed, no change', async () => {
      const ops = operations(doc).filter((o) => o.method !== 'GET');
      const owner = await login(t, a.people.owner!.email, PASSWORD);
      expect(owner.status).toBe(200);
      const before = await snapshot(t);
      for (const o of ops) {
        const name = `${o.method} ${o.path}`;
        const schema = bodySchema(o.op);
        const body = schema ? bodyWith(schema, ours) : undefined;
        const path = fillPath(o.path, ours);
        if (ORIGIN_ONLY.has(name)) {
          // The login form is protected too (login CSRF): a cross-site form post is refused.
          const res = await call(t, o.method, path, { body, headers: { origin: 'https://evil.test', 'sec-fetch-site': 'cross-site' } });
          expect.soft(`${res.status} ${res.body?.code}`, `${name} from another site`).toBe('403 csrf_failed');
          continue;
        }
        const attempts: Record<string, string>[] = [
          { cookie: owner.cookie },
          { cookie: owner.cookie, 'x-csrf-token': 'x'.repeat(owner.csrf.length || 43) },
          { cookie: owner.cookie, 'x-csrf-token': owner.csrf, origin: 'https://evil.test' },
        ];
        for (const headers of attempts) {
          const res = await call(t, o.method, path, { body, headers });
          expect.soft(`${res.status} ${res.body?.code}`, `${name} ${JSON.stringify(Object.keys(headers))}`).toBe('403 csrf_failed');
        }
      }
      const after = await snapshot(t);
      expect(after, snapshotDiff(before, after)).toBe(before);
      // The session survived every refused logout: logout needs the token too.
      expect((await call(t, 'GET', '/api/v1/me', { headers: { cookie: owner.cookie } })).status).toBe(200);
      console.log(`CSRF sweep (${dialect}): ${ops.length} state-changing operations`);
    });

    it('[3.5.3] no state change on GET: every GET operation, as the owner with real ids, leaves the snapshot unchanged', async () => {
      const gets = operations(doc).filter((o) => o.method === 'GET');
      // A fresh bearer session: the CSRF test's cookie sign-in ended the earlier one (single session).
      const token = await tokenFor(t, a.people.owner!.email);
      const before = await snapshot(t);
      const statuses: number[] = [];
      for (const o of gets) {
        const res = await call(t, 'GET', fillPath(o.path, ours), { token });
        statuses.push(res.status);
      }
      const after = await snapshot(t);
      expect(after, snapshotDiff(before, after)).toBe(before);
      // The GETs did reach their handlers.
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(gets.length / 2);
      console.log(`GET sweep (${dialect}): ${gets.length} operations`);
    });
  });
});
