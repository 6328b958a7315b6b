import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { bodySchema, bodyWith, fillPath, hasQueryOrBodyIds, type IdSet, nobody, operations, pathParams, queryWith, sweepObjects } from './openapi-requests.js';
import { comparable, snapshot, snapshotDiff } from './security-helpers.js';

/**
 * Operations that take no object of any org and act for anyone by design. Every other
 * operation of the OpenAPI document is swept; a new one is swept without anyone writing a test,
 * and an unknown kind of path parameter fails the sweep until it is taught (`fillPath`).
 */
const PUBLIC_BY_DESIGN: Record<string, string> = {
  'POST /api/v1/auth/login': 'credentials, not ids; answers proven identical for known/unknown accounts in passwords.test.ts',
  'POST /api/v1/auth/token': 'credentials, not ids; same as login',
  'POST /api/v1/auth/password/forgot': 'takes an email; identical answers proven in passwords.test.ts',
  'POST /api/v1/auth/password/reset': 'the reset token is the capability; spent/unknown tokens answer alike (test/http/auth/password-reset.test.ts)',
  'POST /api/v1/auth/login/second-factor': 'the pending sign-in token is the capability; takes no object id (test/http/auth/second-factor.test.ts)',
  'POST /api/v1/auth/token/second-factor': 'the same second step for bearer tokens',
  'POST /api/v1/auth/logout': "acts only on the caller's own session; takes no id",
  'POST /api/v1/setup': 'first start only, guarded by the one-time setup token',
};

/** Every role of the `pos` preset (seed 000), as members of org A. */
const ROLES = ['owner', 'orgManager', 'storeAdmin1', 'manager1', 'stocker2', 'cashier1'] as const;

async function orgObjects(t: TestApp, m: Merchant, roleKey: string): Promise<IdSet> {
  const owner = m.people.owner!;
  const role = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/roles`, {
    token: owner.token,
    body: { key: roleKey, name: `Role ${roleKey}`, scope: 'store', rank: 5, permissions: ['sales:read'] },
  });
  if (role.status !== 201 && role.status !== 200) throw new Error(`role: ${role.status} ${JSON.stringify(role.body)}`);
  const inv = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, {
    token: owner.token,
    body: { email: `invitee-${roleKey}@elsewhere.test`, roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] },
  });
  if (inv.status !== 201) throw new Error(`invite: ${inv.status} ${JSON.stringify(inv.body)}`);
  const session = await t.deps.db.selectFrom('sessions').select('id').where('user_id', '=', m.people.cashier1!.userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return { orgId: m.orgId, userId: m.people.cashier1!.userId, storeId: m.stores[0]!, roleKey, sessionId: session.id, invitationId: inv.body.id, email: m.people.cashier1!.email, ...(await sweepObjects(t, m.orgId, m.people.cashier1!.userId)) };
}

describe.each(dialects())('Access control: OpenAPI tenant-isolation sweep (%s)', (dialect) => {
  let t: TestApp;
  let a: Merchant;
  let b: Merchant;
  let ours: IdSet;
  let theirs: IdSet;
  let secrets: string[];
  /** The sweep's callers: their own lockout counters may move (POST /me/password). */
  let callers: string[];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    a = await posTeam(t);
    b = await posTeam(t);
    ours = await orgObjects(t, a, 'a_private_role');
    theirs = await orgObjects(t, b, 'b_private_role');
    const org = await t.deps.db.selectFrom('orgs').select('name').where('id', '=', b.orgId).executeTakeFirstOrThrow();
    callers = ROLES.map((r) => a.people[r]!.userId);
    secrets = [b.orgId, org.name, theirs.roleKey, theirs.invitationId, theirs.sessionId, theirs.customerId, theirs.profileId, ...b.stores, ...Object.values(b.people).flatMap((p) => [p.userId, p.email])];
  });
  afterAll(() => t.close());

  it("[8.4.1] every operation, as every pos role, answers another org's ids (path, query, body) exactly like nonexistent ids and changes nothing (Better Auth #3933, Keycloak #49069)", async () => {
    const doc = (await call(t, 'GET', '/api/v1/openapi.json')).body;
    const ops = operations(doc);
    const covered = new Set<string>();
    const uncovered: string[] = [];
    let calls = 0;
    for (const o of ops) {
      const name = `${o.method} ${o.path}`;
      if (PUBLIC_BY_DESIGN[name]) continue;
      const schema = bodySchema(o.op);
      const params = pathParams(o.path);
      const before = await snapshot(t, callers);
      try {
        for (const role of ROLES) {
          const token = a.people[role]!.token;
          const fake = nobody();
          // Each variant: the request with org B's ids, and the same request with ids that exist nowhere.
          const variants: { label: string; real: () => { path: string; body: unknown }; fake: () => { path: string; body: unknown } }[] = [];
          if (params.length > 0) {
            variants.push({
              label: "their org's ids in the path",
              real: () => ({ path: fillPath(o.path, theirs) + queryWith(o.op, theirs), body: schema ? bodyWith(schema, theirs) : undefined }),
              fake: () => ({ path: fillPath(o.path, fake) + queryWith(o.op, fake), body: schema ? bodyWith(schema, fake) : undefined }),
            });
          }
          if (params.includes('orgId') && params.length > 1) {
            variants.push({
              label: "our org, their object's id in the path",
              real: () => ({ path: fillPath(o.path, theirs, a.orgId) + queryWith(o.op, theirs), body: schema ? bodyWith(schema, theirs) : undefined }),
              fake: () => ({ path: fillPath(o.path, fake, a.orgId) + queryWith(o.op, fake), body: schema ? bodyWith(schema, fake) : undefined }),
            });
          }
          if (hasQueryOrBodyIds(o.op)) {
            variants.push({
              label: "our objects in the path, their ids in query and body",
              real: () => ({ path: fillPath(o.path, ours) + queryWith(o.op, theirs), body: schema ? bodyWith(schema, theirs) : undefined }),
              fake: () => ({ path: fillPath(o.path, ours) + queryWith(o.op, fake), body: schema ? bodyWith(schema, fake) : undefined }),
            });
          }
          if (variants.length === 0) {
            // No object id anywhere (GET /me, GET /orgs, support lists ...): what comes back must
            // not mention org B at all.
            const res = await call(t, o.method, o.path + queryWith(o.op, undefined), { token, body: schema ? bodyWith(schema, undefined) : undefined });
            const text = JSON.stringify(res.body);
            for (const s of secrets) expect.soft(text.includes(s), `${role} ${name} leaks ${s}`).toBe(false);
            calls++;
            continue;
          }
          for (const v of variants) {
            const r = v.real();
            const f = v.fake();
            const real = await call(t, o.method, r.path, { token, body: r.body });
            const other = await call(t, o.method, f.path, { token, body: f.body });
            calls += 2;
            const label = `${role} ${name} (${v.label}): ${real.status} ${real.body?.code ?? ''} vs ${other.status} ${other.body?.code ?? ''}`;
            expect.soft(real.status, label).toBe(other.status);
            expect.soft(comparable(real.body, { ...theirs, storeIds: '' } as never), label).toBe(comparable(other.body, { ...fake, storeIds: '' } as never));
            if (real.status < 300) {
              const text = JSON.stringify(real.body);
              for (const s of secrets.filter((x) => !r.path.includes(x) && !JSON.stringify(r.body ?? '').includes(x))) {
                expect.soft(text.includes(s), `${label} leaks ${s}`).toBe(false);
              }
            } else {
              // 403 only when the role lacks the function outright, for any id alike (no probe).
              expect.soft([400, 403, 404], label).toContain(real.status);
            }
          }
        }
        covered.add(name);
      } catch (err) {
        uncovered.push(`${name}: ${(err as Error).message}`);
      }
      const after = await snapshot(t, callers);
      expect.soft(after === before, `${name} changed ${snapshotDiff(before, after)}`).toBe(true);
    }
    const swept = ops.filter((o) => !PUBLIC_BY_DESIGN[`${o.method} ${o.path}`]).length;
    console.log(`isolation sweep (${dialect}): ${covered.size}/${swept} operations swept as ${ROLES.length} roles (${calls} calls); ${ops.length - swept} public by design`);
    expect(uncovered, 'operations the sweep could not build a request for').toEqual([]);
    expect(covered.size).toBe(swept);
    // The allow-list stays honest: every entry still names an operation of the document.
    for (const entry of Object.keys(PUBLIC_BY_DESIGN)) expect(ops.some((o) => `${o.method} ${o.path}` === entry), `stale allow-list entry ${entry}`).toBe(true);
  }, 180_000);

  it('[8.4.1] the sweep reaches the handlers: our own ids succeed where theirs answer 404', async () => {
    // Without this, a sweep that only ever hit validation errors would pass for the wrong reason.
    const owner = a.people.owner!.token;
    const gets = [`/api/v1/orgs/${a.orgId}`, `/api/v1/orgs/${a.orgId}/members/${ours.userId}`, `/api/v1/orgs/${a.orgId}/stores/${ours.storeId}`, `/api/v1/orgs/${a.orgId}/roles/${ours.roleKey}`, `/api/v1/orgs/${a.orgId}/invitations/${ours.invitationId}`, `/api/v1/orgs/${a.orgId}/customers/${ours.customerId}`];
    for (const path of gets) expect((await call(t, 'GET', path, { token: owner })).status, path).toBe(200);
    for (const path of gets.map((p) => p.replace(a.orgId, b.orgId))) expect((await call(t, 'GET', path, { token: owner })).status, path).toBe(404);
  });
});
