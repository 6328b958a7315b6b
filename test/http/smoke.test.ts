import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { posTeam } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';

describe.each(dialects())('smoke (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it('answers health and readiness', async () => {
    expect((await call(t, 'GET', '/healthz')).status).toBe(200);
    expect((await call(t, 'GET', '/readyz')).body).toEqual({ status: 'ready' });
  });

  it('exposes Prometheus metrics with route patterns, not raw ids', async () => {
    await call(t, 'GET', '/healthz');
    const res = await call(t, 'GET', '/metrics');
    expect(res.status).toBe(200);
    expect(res.body).toContain('rolecall_http_request_duration_seconds_bucket');
    expect(res.body).toContain('route="/healthz"');
    expect(res.body).toContain('process_resident_memory_bytes');
  });

  it('lists the team for an admin', async () => {
    const m = await posTeam(t);
    const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members`, { token: m.people.owner!.token });
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBe(9);
  });
});
