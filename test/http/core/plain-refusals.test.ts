import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOf } from '../../../src/domain/plural.js';
import { reasonInWords } from '../../../src/services/decision-error.js';
import { deviceName } from '../../../src/services/device-name.js';
import { PASSWORD, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';

/** What a person must not read in a refusal's `detail` (issue 16 item 4). */
const TECHNICAL = [/\b[0-9a-hjkmnp-tv-z]{26}\b/i, /\b[a-z_]+:[a-z_]+\b/, /\bseed\b/i, /\bSPEC\b/, /role "/];

const CHROME_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SAFARI_IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('plain words for people', () => {
  it('counts take the right form of their noun', () => {
    expect(countOf(1, 'second')).toBe('1 second');
    expect(countOf(0, 'second')).toBe('0 seconds');
    expect(countOf(2, 'store')).toBe('2 stores');
    expect(countOf(3, 'person', 'people')).toBe('3 people');
  });

  it('user agents read as a browser on a system', () => {
    expect(deviceName(CHROME_WINDOWS)).toBe('Chrome on Windows');
    expect(deviceName(SAFARI_IPHONE)).toBe('Safari on iOS');
    expect(deviceName(null)).toBe('Unknown device');
    expect(deviceName('')).toBe('Unknown device');
  });

  it('policy reasons lose their ids, keys and spec references', () => {
    const store = '01jdq3z7k6w8y9x2v4t5r6s7p8';
    expect(reasonInWords(`you do not manage store ${store}; managers can only assign roles in their own stores (seed 001)`)).toBe(
      'you do not manage that store; managers can only assign roles in their own stores',
    );
    expect(reasonInWords('role "store_admin" is not ranked below your own; you can only assign roles ranked below yours')).toBe(
      'this role is not ranked below your own; you can only assign roles ranked below yours',
    );
    expect(reasonInWords('you do not hold payments:refund in store x; nobody grants more than they hold')).toBe('you do not hold "refund payments" in store x; nobody grants more than they hold');
    for (const r of [`the member also works in store ${store}, which you do not manage; seed 001: you cannot delete users for other stores`]) {
      for (const re of TECHNICAL) expect(reasonInWords(r)).not.toMatch(re);
    }
  });
});

describe.each(dialects())('refusals and sessions speak to people (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('a missing permission: the detail says what in words; permission and reasons keep the keys', async () => {
    const m = await posTeam(t);
    const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: m.people.cashier1!.token });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
    expect(res.body.detail).toBe('You do not have permission to view team members across the whole business. Ask one of your admins if you need it.');
    expect(res.body.permission).toBe('team:read');
    expect(res.body.reasons.join(' ')).toContain('team:read');
  });

  it('a delegation refusal names no store id, role key or seed; the reasons keep them', async () => {
    const m = await posTeam(t);
    const res = await call(t, 'POST', `/api/v1/orgs/${m.orgId}/invitations`, {
      token: m.people.manager1!.token,
      body: { email: 'someone@shop.test', roles: [{ role: 'cashier', storeIds: [m.stores[1]] }] },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('store_not_assignable');
    for (const re of TECHNICAL) expect(res.body.detail).not.toMatch(re);
    expect(res.body.detail).toMatch(/^[A-Z].*\.$/);
    expect(res.body.reasons.join(' ')).toContain(m.stores[1]);
  });

  it('session lists show the device in words', async () => {
    const m = await posTeam(t);
    const p = m.people.cashier12!;
    const signIn = await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD }, headers: { 'user-agent': CHROME_WINDOWS } });
    expect(signIn.status).toBe(200);
    const mine = await call(t, 'GET', '/api/v1/me/sessions', { token: signIn.body.token });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((s: { device: string }) => s.device)).toContain('Chrome on Windows');
    const team = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/sessions`, { token: m.people.owner!.token });
    expect(team.status).toBe(200);
    const theirs = team.body.items.filter((s: { userId: string }) => s.userId === p.userId);
    expect(theirs.map((s: { device: string; userAgent: string }) => [s.device, s.userAgent])).toContainEqual(['Chrome on Windows', CHROME_WINDOWS]);
  });
});
