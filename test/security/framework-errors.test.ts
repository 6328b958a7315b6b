/**
 * [16.5.3] Every error the server can produce — the router's (broken %-encoding, over-long path
 * parameters), the body parser's, Node's HTTP parser's, unknown routes — is problem+json with a
 * code from the catalogue (src/contracts/errors.ts), never Fastify's own `{"error":…,"code":
 * "FST_ERR_…"}` and never a 500. Paths, headers and bodies are generated with fast-check.
 */
import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../src/contracts/errors.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';

interface Answer {
  status: number;
  type: string;
  body: string;
}

/** One raw request (any path bytes, any headers), through Node's client, not fetch. */
function raw(t: TestApp, method: string, path: string, headers: Record<string, string> = {}, body?: string): Promise<Answer> {
  const url = new URL(t.baseUrl);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        text += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A coded problem: problem+json, a catalogue code with its status, never a 500. */
function expectProblem(a: Answer, what: string): void {
  expect.soft(a.type, what).toMatch(/^application\/problem\+json/);
  let code = '';
  try {
    code = JSON.parse(a.body).code;
  } catch {
    // not JSON: the assertions below fail
  }
  expect.soft(code in ERROR_CODES, `${what}: ${a.status} ${a.body.slice(0, 120)}`).toBe(true);
  if (code in ERROR_CODES) expect.soft(a.status, what).toBe(ERROR_CODES[code as keyof typeof ERROR_CODES].status);
  expect.soft(a.status, what).not.toBe(500);
  expect.soft(a.body, what).not.toMatch(/FST_ERR|"statusCode"/);
}

describe.each(dialects())('[16.5.3] framework errors are coded problems (%s)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(() => t.close());

  it.each([
    // An id that long exists nowhere: answered like any unknown id.
    ['a path parameter over 100 characters', 'GET', `/api/v1/orgs/${'a'.repeat(150)}`, 'not_found'],
    ['one under a nested route', 'GET', `/api/v1/orgs/${'a'.repeat(150)}/members/${'b'.repeat(150)}`, 'not_found'],
    ['a broken %-encoding', 'GET', '/api/v1/orgs/%zz', 'validation_failed'],
    ['a truncated %-encoding', 'GET', '/api/v1/orgs/a%2', 'validation_failed'],
    ['a broken UTF-8 sequence', 'GET', '/api/v1/orgs/%E0%A4%A', 'validation_failed'],
    ['an unknown API route', 'GET', '/api/v1/no/such/route', 'not_found'],
    ['an unknown method', 'PROPFIND', '/api/v1/orgs', 'not_found'],
  ])('%s', async (_what, method, path, code) => {
    const a = await raw(t, method, path);
    expectProblem(a, path);
    expect(JSON.parse(a.body).code).toBe(code);
  });

  it('headers: too large, bad content-type, wrong charset, huge content-length, broken JSON', async () => {
    const login = '/api/v1/auth/login';
    const json = { 'content-type': 'application/json' };
    const cases: [string, string, Record<string, string>, string | undefined, string][] = [
      ['headers over the limit', 'GET', { 'x-big': 'x'.repeat(20_000) }, undefined, 'headers_too_large'],
      ['an XML body', 'POST', { 'content-type': 'application/xml' }, '<a/>', 'unsupported_media_type'],
      ['a form body', 'POST', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b', 'unsupported_media_type'],
      ['a Latin-1 JSON body', 'POST', { 'content-type': 'application/json; charset=latin1' }, '{"email":"a@b.test","password":"x"}', 'invalid_credentials'],
      ['a content-length over the body limit', 'POST', { ...json, 'content-length': '999999999' }, undefined, 'payload_too_large'],
      ['broken JSON', 'POST', json, '{"email":', 'validation_failed'],
      ['an empty JSON body', 'POST', { ...json, 'content-length': '0' }, undefined, 'validation_failed'],
    ];
    for (const [what, method, headers, body, code] of cases) {
      const a = await raw(t, method, login, headers, body);
      expectProblem(a, what);
      expect.soft(JSON.parse(a.body || '{}').code, what).toBe(code);
    }
  });

  it('generated paths under /api/v1 (long, %-broken, NUL, unicode) answer coded problems', async () => {
    const segment = fc.oneof(
      fc.string({ maxLength: 12 }).map(encodeURIComponent),
      fc.constantFrom('%', '%zz', '%00', '%E0%A4', '%C3', '%FF%FE', '..', '%2e%2e', '%2F', 'é', '%F0%9F%92%A9', 'orgs', 'members', 'roles', 'stores'),
      fc.integer({ min: 90, max: 400 }).map((n) => 'x'.repeat(n)),
      fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => encodeURI(s)),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE', 'PUT'), fc.array(segment, { minLength: 1, maxLength: 5 }), async (method, parts) => {
        const path = `/api/v1/${parts.join('/')}`;
        const a = await raw(t, method, path, method === 'GET' ? {} : { 'content-type': 'application/json' }, method === 'GET' ? undefined : '{}');
        if (a.status >= 400) expectProblem(a, `${method} ${path}`);
        else expect.soft(a.type, `${method} ${path}`).toMatch(/json/);
      }),
      { numRuns: 120, seed: 20261130 },
    );
  });

  it('generated bodies and content-types on a credential form answer coded problems', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'application/json;', 'application/vnd.api+json', ''),
        fc.oneof(fc.string({ maxLength: 60 }), fc.json({ maxDepth: 3 }), fc.constant('{"email":"a@b.test","password":"\u0000"}')),
        async (type, body) => {
          const a = await raw(t, 'POST', '/api/v1/auth/password/forgot', type ? { 'content-type': type } : {}, body);
          if (a.status >= 400) expectProblem(a, `${type} ${JSON.stringify(body).slice(0, 60)}`);
        },
      ),
      { numRuns: 120, seed: 20261130 },
    );
    // Still answering normally afterwards.
    expect((await call(t, 'GET', '/api/v1/openapi.json')).status).toBe(200);
  });
});
