import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordHasher } from '../../src/lib/passwords.js';
import { createUser } from '../../src/services/users.js';
import { PASSWORD } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';

const SAMPLES = 15;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * [6.3.8] timing: known and unknown accounts cost the same argon2id work. Production
 * parameters (19 MiB, 2 passes) so hashing dominates; samples interleaved so drift hits both
 * sides alike; the ratio of medians is reported, and only a generous bound (0.5–2.0) is
 * asserted: a missing dummy hash makes the unknown side ~10–100× faster and fails it, while
 * scheduler noise does not.
 */
describe.each(dialects())('Passwords and sign-in: timing (%s)', (dialect) => {
  let t: TestApp;
  let email: string;
  beforeAll(async () => {
    // The lockout would end the known-account series early; the timing is what is measured here.
    t = await startTestApp(dialect, { lockoutThreshold: 10_000 });
    t.deps.passwords = createPasswordHasher();
    email = `timing-${dialect}@shop.test`;
    await createUser(t.deps.db, t.deps, t.deps.clock(), { email, password: PASSWORD, firstName: 'Tim', lastName: 'Ing' });
  });
  afterAll(() => t.close());

  async function compare(path: string, body: (email: string) => unknown): Promise<number> {
    const time = async (who: string) => {
      const start = performance.now();
      await call(t, 'POST', path, { body: body(who) });
      return performance.now() - start;
    };
    await time(email);
    await time('warm-up@nowhere.test');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      // Alternate which side goes first, so neither always follows the other.
      if (i % 2) {
        known.push(await time(email));
        unknown.push(await time(`nobody-${i}@nowhere.test`));
      } else {
        unknown.push(await time(`nobody-${i}@nowhere.test`));
        known.push(await time(email));
      }
    }
    const ratio = median(unknown) / median(known);
    console.log(`${path} (${dialect}): median known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`);
    return ratio;
  }

  it('[6.3.8] sign-in: unknown accounts take as long as known ones (dummy argon2id hash)', async () => {
    const ratio = await compare('/api/v1/auth/token', (who) => ({ email: who, password: 'a wrong password for timing' }));
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, 60_000);

  it('[6.3.8] forgot-password: unknown accounts take as long as known ones', async () => {
    const ratio = await compare('/api/v1/auth/password/forgot', (who) => ({ email: who }));
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  }, 60_000);
});
