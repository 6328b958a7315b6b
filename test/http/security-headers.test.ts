import { afterEach, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';

/**
 * HTTPS-only headers follow PUBLIC_URL: over plain HTTP (a LAN address, HOST=0.0.0.0) they would
 * send the browser to an HTTPS that does not exist. Headers do not depend on the dialect.
 */
describe('security headers and the public URL', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function headersFor(publicUrl: string, path: string): Promise<Headers> {
    t = await startTestApp('sqlite', { publicUrl });
    return (await call(t, 'GET', path)).headers;
  }

  it.each(['/', '/api/docs', '/healthz'])('http: no upgrade-insecure-requests, HSTS or COOP on %s', async (path) => {
    const h = await headersFor('http://192.168.1.20:3000', path);
    expect(h.get('content-security-policy')).toContain("default-src 'self'");
    expect(h.get('content-security-policy')).not.toContain('upgrade-insecure-requests');
    expect(h.get('strict-transport-security')).toBeNull();
    expect(h.get('cross-origin-opener-policy')).toBeNull();
  });

  it.each(['/', '/api/docs', '/healthz'])('https: upgrade-insecure-requests, HSTS and COOP on %s', async (path) => {
    const h = await headersFor('https://rolecall.example', path);
    expect(h.get('content-security-policy')).toContain('upgrade-insecure-requests');
    expect(h.get('strict-transport-security')).toContain('max-age=');
    expect(h.get('cross-origin-opener-policy')).toBe('same-origin');
  });
});
