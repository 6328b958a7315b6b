/**
 * SPEC §3 rule 7 across instances (issue 14): two real server processes over one PostgreSQL
 * database. A change made through A counts on B; sessions, single session, lockout and the mail
 * outbox are shared, not per process; and all of it still holds when B loses its LISTEN
 * connection (`pg_terminate_backend`), within the documented bound.
 *
 * Where B can only learn of A's change asynchronously (a per-process cache kept current by
 * LISTEN/NOTIFY), B is asked again with short sleeps for at most BOUND_MS; how many requests that
 * took is recorded and printed at the end ("1" = the very next request was already right).
 * Nothing here asserts on time.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type Cluster,
  DEMO_PASSWORD,
  type Instance,
  killListener,
  listenerCount,
  mailTo,
  poll,
  sleep,
  signIn,
  startCluster,
  tokenInMail,
  waitForMail,
} from './cluster.js';

const PG = process.env.ROLECALL_TEST_PG === '1';
/**
 * The documented bound: with B's listener up a NOTIFY arrives in milliseconds; with it lost, B
 * reads the database until it has re-listened, and a cached entry is re-verified after at most
 * 5 s (the last fallback). One bound for both, so a listener dropped by chance never fails a step.
 */
const BOUND_MS = 6_000;
/** Two ticks of each instance's mail worker (every 2 s): time for a duplicate send to show. */
const MAIL_SETTLE_MS = 4_500;
const NEW_PASSWORD = 'amber trellis navigates quietly 9081';

/** What each asynchronous step needed, printed after the file: tries = 1 means the next request. */
const firstTry: { step: string; tries: number; ms: number; answer: string }[] = [];

const title = PG ? 'two server processes over one PostgreSQL database' : 'two server processes over one PostgreSQL database (skipped: PostgreSQL only; ROLECALL_TEST_PG is not 1)';

describe.skipIf(!PG)(title, () => {
  let c: Cluster;
  let A: Instance;
  let B: Instance;
  let admin: string;
  let org: string;
  let s0: string;
  let s1: string;
  const user = (role: string) => c.demo.users[role]!;
  const invitees: Record<string, { id: string; email: string }> = {};

  /** `check` as the caller `token` on instance `on`: the HTTP status and, on 200, the decision. */
  async function check(on: Instance, token: string, userId: string, permission: string, storeId?: string): Promise<{ status: number; allowed?: boolean }> {
    const r = await api(on, 'POST', `/orgs/${org}/check`, { token, body: { userId, permission, ...(storeId ? { storeId } : {}) } });
    return r.status === 200 ? { status: 200, allowed: r.body.allowed as boolean } : { status: r.status };
  }

  /**
   * Polls B until `ok`, records how many requests it took, then asks three more times: once
   * right, B never goes back to the older answer.
   */
  async function onB<T>(step: string, ask: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
    const got = await poll(ask, ok, BOUND_MS, step);
    firstTry.push({ step, tries: got.tries, ms: got.ms, answer: JSON.stringify(got.value) });
    for (let i = 0; i < 3; i++) expect(ok(await ask()), `${step}: went back to an older answer`).toBe(true);
    return got.value;
  }

  const refused = (r: { status: number }) => r.status === 401 || r.status === 403;

  beforeAll(async () => {
    c = await startCluster(2);
    [A, B] = c.instances as [Instance, Instance];
    org = c.demo.orgId;
    [s0, s1] = c.demo.stores as [string, string];
    admin = await signIn(A, user('org_admin').email);
  }, 300_000);

  afterAll(async () => {
    if (firstTry.length > 0) {
      const lines = firstTry.map((f) => `  ${f.tries === 1 ? 'next request' : `${f.tries} requests, ${f.ms} ms`}: ${f.step} (${f.answer})`);
      console.log(`Cross-instance steps (B answering after a change on A):\n${lines.join('\n')}`);
    }
    await c?.close();
  }, 60_000);

  it('(a) a role removed or store access taken away through A is refused by B on the next request', async () => {
    const diego = user('store_manager');
    const tom = user('cashier');
    expect(await check(B, admin, diego.id, 'checkout:operate', s0)).toEqual({ status: 200, allowed: true });
    expect(await check(B, admin, tom.id, 'checkout:operate', s0)).toEqual({ status: 200, allowed: true });

    // The store manager role removed (stocker left): the till is no longer his.
    const demoted = await api(A, 'PATCH', `/orgs/${org}/members/${diego.id}`, { token: admin, body: { roles: [{ role: 'stocker', storeIds: [s0] }] } });
    expect(demoted.status, JSON.stringify(demoted.body)).toBe(200);
    await onB('(a) role removed on A → B refuses', () => check(B, admin, diego.id, 'checkout:operate', s0), (r) => r.status === 200 && r.allowed === false);
    expect(await check(B, admin, diego.id, 'inventory:update', s0)).toEqual({ status: 200, allowed: true });

    // The cashier loses store 1 and keeps store 2.
    const moved = await api(A, 'PATCH', `/orgs/${org}/members/${tom.id}`, { token: admin, body: { roles: [{ role: 'cashier', storeIds: [s1] }] } });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    await onB('(a) store access taken away on A → B refuses', () => check(B, admin, tom.id, 'checkout:operate', s0), (r) => r.status === 200 && r.allowed === false);
    expect(await check(B, admin, tom.id, 'checkout:operate', s1)).toEqual({ status: 200, allowed: true });
  });

  it('(b) a session ended, a member suspended, a password reset on A: B answers 401/403', async () => {
    // Signed out on A: the bearer token is dead on B.
    const marcus = user('org_manager');
    const tm = await signIn(B, marcus.email);
    expect(await check(B, tm, marcus.id, 'sales:read', s0)).toEqual({ status: 200, allowed: true });
    expect((await api(A, 'POST', '/auth/logout', { token: tm })).status).toBe(204);
    await onB('(b) logout on A → B answers 401', () => check(B, tm, marcus.id, 'sales:read', s0), (r) => r.status === 401);
    expect((await api(B, 'GET', '/me', { token: tm })).status).toBe(401);

    // An admin ends a member's sessions on A: the member's token no longer opens the org on B.
    const sana = user('store_admin');
    const ts = await signIn(A, sana.email);
    expect(await check(B, ts, sana.id, 'checkout:operate', s0)).toEqual({ status: 200, allowed: true });
    const ended = await api(A, 'DELETE', `/orgs/${org}/members/${sana.id}/sessions`, { token: admin, body: {} });
    expect(ended.status, JSON.stringify(ended.body)).toBe(200);
    await onB('(b) admin ends member sessions on A → B refuses the token', () => check(B, ts, sana.id, 'checkout:operate', s0), refused);

    // Suspended on A: the member's own token is refused on B, and B's decision about her is "no".
    const priya = user('stocker');
    const tp = await signIn(B, priya.email);
    expect(await check(B, tp, priya.id, 'inventory:update', s0)).toEqual({ status: 200, allowed: true });
    const suspended = await api(A, 'POST', `/orgs/${org}/members/${priya.id}/suspend`, { token: admin, body: {} });
    expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
    await onB('(b) suspended on A → her token refused on B', () => check(B, tp, priya.id, 'inventory:update', s0), refused);
    await onB('(b) suspended on A → B decides "not allowed"', () => check(B, admin, priya.id, 'inventory:update', s0), (r) => r.status === 200 && r.allowed === false);

    // A password reset completed on A ends the session used on B.
    const diego = user('store_manager');
    const td = await signIn(B, diego.email);
    expect((await check(B, td, diego.id, 'inventory:update', s0)).status).toBe(200);
    expect((await api(A, 'POST', '/auth/password/forgot', { body: { email: diego.email } })).status).toBe(202);
    const [mail] = await waitForMail(c.smtp, diego.email, /Reset your Rolecall password/);
    const token = tokenInMail(mail!, 'reset-password');
    expect(token).toBeDefined();
    const reset = await api(A, 'POST', '/auth/password/reset', { body: { token, password: NEW_PASSWORD } });
    expect(reset.status, JSON.stringify(reset.body)).toBe(200);
    await onB('(b) password reset on A → B answers 401', () => check(B, td, diego.id, 'inventory:update', s0), (r) => r.status === 401);
    expect((await api(B, 'POST', '/auth/token', { body: { email: diego.email, password: DEMO_PASSWORD } })).status).toBe(401);
    expect((await api(B, 'POST', '/auth/token', { body: { email: diego.email, password: NEW_PASSWORD } })).status).toBe(200);
  }, 60_000);

  it('(c) single session: signing in again on B ends the session used on A', async () => {
    const tom = user('cashier');
    const first = await signIn(A, tom.email);
    expect(await check(A, first, tom.id, 'checkout:operate', s1)).toEqual({ status: 200, allowed: true });
    const second = await signIn(B, tom.email);
    // B ended the older session itself, in the sign-in's transaction.
    expect((await check(B, first, tom.id, 'checkout:operate', s1)).status).toBe(401);
    await onB('(c) second sign-in on B → A refuses the first session', () => check(A, first, tom.id, 'checkout:operate', s1), (r) => r.status === 401);
    expect(await check(A, second, tom.id, 'checkout:operate', s1)).toEqual({ status: 200, allowed: true });
    expect(await check(B, second, tom.id, 'checkout:operate', s1)).toEqual({ status: 200, allowed: true });
    const rows = await c.db.query<{ n: string }>('select count(*) as n from sessions where user_id = $1 and revoked_at is null', [tom.id]);
    expect(Number(rows[0]?.n)).toBe(1);
  });

  it('(d) lockout counts failures made on both instances', async () => {
    // Default threshold 5: three wrong passwords on A and two on B; neither instance saw five.
    const marcus = user('org_manager');
    for (const on of [A, B, A, B, A]) {
      const r = await api(on, 'POST', '/auth/token', { body: { email: marcus.email, password: 'not the password at all 1234' } });
      expect(r.status).toBe(401);
    }
    // The right password is now refused on both, with the same generic answer.
    for (const on of [B, A]) {
      const r = await api(on, 'POST', '/auth/token', { body: { email: marcus.email, password: DEMO_PASSWORD } });
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('invalid_credentials');
    }
    const [row] = await c.db.query<{ locked_until: string | null }>('select locked_until from users where id = $1', [marcus.id]);
    expect(row?.locked_until).not.toBeNull();
  });

  it('(e) mail queued by both instances reaches the SMTP server exactly once per message', async () => {
    const emails = ['new-a1', 'new-a2', 'new-b1', 'new-b2'].map((n) => `${n}@newhire.test`);
    for (const [i, email] of emails.entries()) {
      const on = i < 2 ? A : B;
      const r = await api(on, 'POST', `/orgs/${org}/invitations`, { token: admin, body: { email, roles: [{ role: 'cashier', storeIds: [s0] }] } });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
    }
    // Password reset links asked for on both (never used).
    const resetFor = [user('store_admin').email, user('org_admin').email];
    expect((await api(A, 'POST', '/auth/password/forgot', { body: { email: resetFor[0] } })).status).toBe(202);
    expect((await api(B, 'POST', '/auth/password/forgot', { body: { email: resetFor[1] } })).status).toBe(202);

    // Each invitee accepts through the other instance than the one that invited.
    for (const [i, email] of emails.entries()) {
      const [mail] = await waitForMail(c.smtp, email, /invited you/);
      const token = tokenInMail(mail!, 'accept-invite');
      expect(token).toBeDefined();
      const r = await api(i < 2 ? B : A, 'POST', `/invitations/${token}/accept`, { body: { firstName: 'New', lastName: `Hire${i}`, password: DEMO_PASSWORD } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      invitees[email] = { id: r.body.userId as string, email };
    }
    for (const email of resetFor) await waitForMail(c.smtp, email, /Reset your Rolecall password/);
    await poll(async () => (await c.db.query<{ n: string }>("select count(*) as n from mail_outbox where status in ('pending', 'sending')"))[0]?.n, (n) => n === '0', 20_000, 'outbox drained');
    await sleep(MAIL_SETTLE_MS);
    for (const email of emails) expect(mailTo(c.smtp, email).filter((m) => /invited you/.test(m.subject)), email).toHaveLength(1);
    for (const email of resetFor) expect(mailTo(c.smtp, email).filter((m) => /Reset your Rolecall password/.test(m.subject)), email).toHaveLength(1);
  }, 90_000);

  it("(f) with B's LISTEN connection killed, (a) and (b) still hold within the bound", async () => {
    const [a1, a2, b1, b2] = Object.values(invitees) as [{ id: string; email: string }, { id: string; email: string }, { id: string; email: string }, { id: string; email: string }];
    expect(a1 && a2 && b1 && b2, '(e) made the four members').toBeTruthy();
    const feed = (await listenerCount(c.db, [A.pid, B.pid])) > 0;
    if (!feed) console.log("(f): neither server holds a 'rolecall-listener:<pid>' connection (no LISTEN/NOTIFY cache yet): the kill ends nothing and B reads the database.");
    /** Kills B's listener before each change, so B never hears of it by NOTIFY. */
    const kill = async () => {
      const n = await killListener(c.db, B.pid);
      return n;
    };

    // (a) store access taken away.
    expect(await check(B, admin, a1.id, 'checkout:operate', s0)).toEqual({ status: 200, allowed: true });
    const killed = await kill();
    if (feed) expect(killed, "B's listener connection was terminated").toBeGreaterThanOrEqual(1);
    expect((await api(A, 'PATCH', `/orgs/${org}/members/${a1.id}`, { token: admin, body: { roles: [{ role: 'cashier', storeIds: [s1] }] } })).status).toBe(200);
    await onB('(f) listener killed: store access taken away on A → B refuses', () => check(B, admin, a1.id, 'checkout:operate', s0), (r) => r.status === 200 && r.allowed === false);

    // (a) role removed.
    expect((await api(A, 'PATCH', `/orgs/${org}/members/${a1.id}`, { token: admin, body: { roles: [{ role: 'stocker', storeIds: [s1] }] } })).status).toBe(200);
    await onB('(f) listener killed: role removed on A → B refuses', () => check(B, admin, a1.id, 'checkout:operate', s1), (r) => r.status === 200 && r.allowed === false);

    // (b) session ended.
    const t2 = await signIn(B, a2.email);
    expect((await check(B, t2, a2.id, 'checkout:operate', s0)).status).toBe(200);
    await kill();
    expect((await api(A, 'POST', '/auth/logout', { token: t2 })).status).toBe(204);
    await onB('(f) listener killed: logout on A → B answers 401', () => check(B, t2, a2.id, 'checkout:operate', s0), (r) => r.status === 401);

    // (b) suspended.
    const t3 = await signIn(B, b1.email);
    expect(await check(B, t3, b1.id, 'checkout:operate', s0)).toEqual({ status: 200, allowed: true });
    await kill();
    expect((await api(A, 'POST', `/orgs/${org}/members/${b1.id}/suspend`, { token: admin, body: {} })).status).toBe(200);
    await onB('(f) listener killed: suspended on A → her token refused on B', () => check(B, t3, b1.id, 'checkout:operate', s0), refused);
    await onB('(f) listener killed: suspended on A → B decides "not allowed"', () => check(B, admin, b1.id, 'checkout:operate', s0), (r) => r.status === 200 && r.allowed === false);

    // (b) password reset.
    const t4 = await signIn(B, b2.email);
    expect((await check(B, t4, b2.id, 'checkout:operate', s0)).status).toBe(200);
    expect((await api(A, 'POST', '/auth/password/forgot', { body: { email: b2.email } })).status).toBe(202);
    const [mail] = await waitForMail(c.smtp, b2.email, /Reset your Rolecall password/);
    await kill();
    expect((await api(A, 'POST', '/auth/password/reset', { body: { token: tokenInMail(mail!, 'reset-password'), password: NEW_PASSWORD } })).status).toBe(200);
    await onB('(f) listener killed: password reset on A → B answers 401', () => check(B, t4, b2.id, 'checkout:operate', s0), (r) => r.status === 401);

    // B listens again after losing the connection.
    if (feed) await poll(() => listenerCount(c.db, [B.pid]), (n) => n >= 1, 15_000, "B's listener reconnects");
  }, 90_000);

  it('every message in the outbox reached the SMTP server exactly once', async () => {
    await poll(async () => (await c.db.query<{ n: string }>("select count(*) as n from mail_outbox where status in ('pending', 'sending')"))[0]?.n, (n) => n === '0', 20_000, 'outbox drained');
    await sleep(MAIL_SETTLE_MS);
    const rows = await c.db.query<{ to_email: string; status: string }>('select to_email, status from mail_outbox');
    expect(rows.filter((r) => r.status !== 'sent')).toEqual([]);
    const count = (xs: string[]) => Object.fromEntries([...new Set(xs)].sort().map((x) => [x, xs.filter((y) => y === x).length]));
    const queued = count(rows.map((r) => r.to_email.toLowerCase()));
    const received = count(c.smtp.inbox.flatMap((m) => m.to));
    expect(received).toEqual(queued);
    expect(c.smtp.inbox.length).toBe(rows.length);
  }, 60_000);
});
