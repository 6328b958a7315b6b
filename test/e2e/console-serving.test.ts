import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';

/** The console is served by the API's own process; the API's 404s stay problem+json. */
describe('console serving', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  }, 120_000);
  afterAll(() => t.close());

  it('answers index.html for console routes, so a reload keeps the page', async () => {
    for (const path of ['/', '/sign-in', '/orgs/abc/team', '/support/troubleshoot?email=a@b.test']) {
      const res = await call(t, 'GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(String(res.body)).toContain('<div id="root"></div>');
      // CSP: scripts only from this origin; the page has no inline script.
      expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(String(res.body)).not.toMatch(/<script>(?!<\/script>)/);
    }
  });

  it('serves the hashed assets with a long cache lifetime', async () => {
    const html = String((await call(t, 'GET', '/')).body);
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(asset).toBeDefined();
    const res = await fetch(`${t.baseUrl}${asset}`);
    const js = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('immutable');
    // The production bundle, as a merchant gets it: React's development build (what Vite makes
    // when NODE_ENV is vitest's "test") carries its act(...) warnings and is nearly twice the size.
    expect(js).not.toContain('act(...)');
  });

  it('keeps unknown API paths as problem+json 404s', async () => {
    const res = await call(t, 'GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body.code).toBe('not_found');
  });
});
