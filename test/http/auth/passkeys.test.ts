import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, PASSWORD } from '../../fixtures/merchant.js';
import { SoftAuthenticator } from '../../fixtures/soft-authenticator.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { auditRows } from './auth-helpers.js';

/** Passkeys through the API, with a software authenticator standing in for browser and device. */
describe.each(dialects())('passkeys (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    // The relying party is PUBLIC_URL: rpID rolecall.test, origin http://rolecall.test.
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  const person = async () => (await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } })).people.cashier!;
  const token = (email: string) => call(t, 'POST', '/api/v1/auth/token', { body: { email, password: PASSWORD } });

  it('registers a passkey against the kept challenge, then signs in with an assertion; replays and forgeries are refused', async () => {
    const p = await person();
    const device = new SoftAuthenticator('http://rolecall.test', 'rolecall.test');
    const options = await call(t, 'POST', '/api/v1/me/second-factor/passkeys/options', { token: p.token });
    expect(options.status).toBe(200);
    expect(options.body.rp).toEqual({ name: 'Rolecall', id: 'rolecall.test' });
    // From another origin (a phishing page) the registration is refused.
    const phished = await call(t, 'POST', '/api/v1/me/second-factor/passkeys', { token: p.token, body: { credential: device.register(options.body, 'http://evil.test') } });
    expect(`${phished.status} ${phished.body.code}`).toBe('400 invalid_code');
    // The challenge was spent by that attempt: ask again.
    const again = await call(t, 'POST', '/api/v1/me/second-factor/passkeys/options', { token: p.token });
    const reg = await call(t, 'POST', '/api/v1/me/second-factor/passkeys', { token: p.token, body: { name: 'Till laptop', credential: device.register(again.body) } });
    expect(reg.status).toBe(201);
    expect(reg.body.recoveryCodes).toHaveLength(10);
    expect((await auditRows(t, 'second_factor.enrolled', p.userId)).map((r) => JSON.parse(r.after ?? '{}').kind)).toEqual(['passkey']);

    const pending = await token(p.email);
    expect(pending.status).toBe(202);
    expect(pending.body.methods).toEqual(['recovery_code', 'passkey']);
    expect(pending.body.passkeyOptions.allowCredentials.map((c: { id: string }) => c.id)).toEqual([device.credentialId.toString('base64url')]);
    const assertion = device.assert(pending.body.passkeyOptions);
    const done = await call(t, 'POST', '/api/v1/auth/token/second-factor', { body: { signInToken: pending.body.signInToken, passkey: assertion } });
    expect(done.status).toBe(200);
    expect((await call(t, 'GET', '/api/v1/me', { token: done.body.token })).status).toBe(200);
    const row = await t.deps.db.selectFrom('second_factors').select(['sign_count', 'public_key']).where('user_id', '=', p.userId).executeTakeFirstOrThrow();
    expect(Number(row.sign_count)).toBe(1);

    // The same signed assertion for a new sign-in: its challenge is not the new one.
    const next = await token(p.email);
    const replay = await call(t, 'POST', '/api/v1/auth/token/second-factor', { body: { signInToken: next.body.signInToken, passkey: assertion } });
    expect(`${replay.status} ${replay.body.code}`).toBe('401 second_factor_failed');
    // Signed by a key that is not the registered one.
    const forged = device.assert(next.body.passkeyOptions, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
    expect((await call(t, 'POST', '/api/v1/auth/token/second-factor', { body: { signInToken: next.body.signInToken, passkey: forged } })).body.code).toBe('second_factor_failed');
    expect((await auditRows(t, 'auth.second_factor_failed', p.userId)).map((r) => JSON.parse(r.after ?? '{}').method)).toEqual(['passkey', 'passkey']);
    const good = await call(t, 'POST', '/api/v1/auth/token/second-factor', { body: { signInToken: next.body.signInToken, passkey: device.assert(next.body.passkeyOptions) } });
    expect(good.status).toBe(200);
  });
});
