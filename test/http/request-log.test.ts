import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';

/** The app's log lines, parsed, as a deployment's log collector would receive them. */
function capture(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      for (const l of chunk.toString().split('\n')) if (l) lines.push(JSON.parse(l));
      cb();
    },
  });
  return { stream, lines };
}

describe('request log', () => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('writes one line per request with method, url, status, time and request id; none for health probes', async () => {
    const log = capture();
    t = await startTestApp('sqlite', {}, { logger: { level: 'info', stream: log.stream } });
    await call(t, 'GET', '/healthz');
    await call(t, 'GET', '/readyz');
    const res = await call(t, 'GET', '/api/v1/me');
    expect(res.status).toBe(401);
    const requests = log.lines.filter((l) => 'reqId' in l);
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ level: 30, method: 'GET', url: '/api/v1/me', statusCode: 401, reqId: res.body.requestId });
    expect(typeof requests[0]!.responseTime).toBe('number');
  });

  it('logs health probes at debug', async () => {
    const log = capture();
    t = await startTestApp('sqlite', {}, { logger: { level: 'debug', stream: log.stream } });
    await call(t, 'GET', '/healthz');
    expect(log.lines.filter((l) => 'reqId' in l)).toMatchObject([{ level: 20, url: '/healthz', statusCode: 200 }]);
  });
});
