/**
 * [16.4.1] [1.2.4] Control characters in any text input are refused at the schema, on every
 * operation of the OpenAPI document: a NUL (or an escape) in every string path parameter, query
 * parameter and body field — optional and nested ones included — answers 400 validation_failed
 * and changes nothing. A NUL used to reach PostgreSQL (which refuses it in text: a 500) and the
 * SQLite queries (which ran it). New operations and fields are swept without being listed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Merchant } from '../fixtures/merchant.js';
import { sample } from '../fixtures/openapi-sample.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { bodySchema, bodyWith, fillPath, type IdSet, operations, pathParams, queryParams, sweepSetup } from './openapi-requests.js';
import { snapshot, snapshotDiff } from './security-helpers.js';

type Step = string | number;

/** The string schema of a leaf (a plain string, or the string option of a union such as `string | null`). */
function stringOf(schema: any): any {
  if (!schema || typeof schema !== 'object') return undefined;
  if (schema.type === 'string' && !('const' in schema) && !Array.isArray(schema.enum)) return schema;
  const options = schema.anyOf ?? schema.oneOf;
  return Array.isArray(options) ? options.map(stringOf).find(Boolean) : undefined;
}

/** Every free-text leaf of a body schema, as a path of steps. */
function textLeaves(schema: any, at: Step[] = []): Step[][] {
  if (!schema || typeof schema !== 'object') return [];
  if (stringOf(schema)) return [at];
  if (schema.type === 'array') return textLeaves(schema.items, [...at, 0]);
  return Object.entries<any>(schema.properties ?? {}).flatMap(([k, v]) => textLeaves(v, [...at, k]));
}

function schemaAt(schema: any, steps: Step[]): any {
  return steps.reduce((s, step) => (typeof step === 'number' ? s.items : s.properties[step]), schema);
}

/** The value with a control character in place of its second character (length kept). */
function poisoned(value: string, char: string): string {
  return value.length >= 2 ? `${value[0]}${char}${value.slice(2)}` : char;
}

/** A valid body with `value` at `steps`, building the optional objects and arrays on the way. */
function bodyWithLeaf(schema: any, ids: IdSet, steps: Step[], value: string): unknown {
  const root = bodyWith(schema, ids) as Record<string, unknown>;
  let node: any = root;
  let s = schema;
  steps.forEach((step, i) => {
    const child = typeof step === 'number' ? s.items : s.properties[step];
    if (i === steps.length - 1) {
      node[step] = value;
      return;
    }
    if (node[step] === undefined || (Array.isArray(node[step]) && node[step].length === 0)) node[step] = child.type === 'array' ? [bodyWith(child.items, ids)] : bodyWith(child, ids);
    node = node[step];
    s = child;
  });
  return root;
}

describe.each(dialects())('[16.4.1] control characters in every text input, generated from the OpenAPI document (%s)', (dialect) => {
  let t: TestApp;
  let a: Merchant;
  let ours: IdSet;
  let doc: any;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    ({ a, ours, doc } = await sweepSetup(t, 'nul-invitee@elsewhere.test'));
  });
  afterAll(() => t.close());

  it.each([
    ['NUL', '\u0000'],
    ['ESC', '\u001b'],
  ])('a %s in every string path parameter, query parameter and body field → 400 validation_failed, never 500, no change', async (_name, char) => {
    const token = a.people.owner!.token;
    const before = await snapshot(t);
    let calls = 0;
    const seen = new Set<string>();
    for (const o of operations(doc)) {
      const filled = fillPath(o.path, ours);
      const schema = bodySchema(o.op);
      const body = schema ? bodyWith(schema, ours) : undefined;
      const required = new URLSearchParams();
      for (const p of queryParams(o.op)) if (p.required) required.set(p.name, String(sample(p.schema, {}, p.name)));
      const qs = (q: URLSearchParams) => (q.size ? `?${q}` : '');
      const attempts: { where: string; path: string; body: unknown }[] = [];
      const segments = o.path.split('/');
      for (const name of pathParams(o.path)) {
        const parts = filled.split('/');
        const i = segments.indexOf(`{${name}}`);
        parts[i] = encodeURIComponent(poisoned(decodeURIComponent(parts[i]!), char));
        attempts.push({ where: `path ${name}`, path: parts.join('/') + qs(required), body });
      }
      for (const p of queryParams(o.op)) {
        if (!stringOf(p.schema)) continue;
        const q = new URLSearchParams(required);
        q.set(p.name, poisoned(String(sample(stringOf(p.schema), {}, p.name)), char));
        attempts.push({ where: `query ${p.name}`, path: filled + qs(q), body });
      }
      for (const steps of schema ? textLeaves(schema) : []) {
        const leaf = stringOf(schemaAt(schema, steps));
        const name = String(steps.filter((s) => typeof s === 'string').at(-1));
        const value = poisoned(String(sample(leaf, {}, name)), char);
        attempts.push({ where: `body ${steps.join('.')}`, path: filled + qs(required), body: bodyWithLeaf(schema, ours, steps, value) });
      }
      for (const at of attempts) {
        const res = await call(t, o.method, at.path, { token, body: at.body });
        expect.soft(`${res.status} ${res.body?.code}`, `${o.method} ${o.path} ${at.where}`).toBe('400 validation_failed');
        seen.add(`${o.method} ${o.path}`);
        calls++;
      }
    }
    const after = await snapshot(t);
    expect(after, snapshotDiff(before, after)).toBe(before);
    console.log(`control-character sweep (${dialect}, ${_name}): ${seen.size} operations, ${calls} calls`);
    expect(seen.size).toBeGreaterThan(40);
  });

  it('a store address may span lines (tab, LF, CR) but holds no other control character; a search holds none', async () => {
    const token = a.people.owner!.token;
    const store = (address: string) => call(t, 'POST', `/api/v1/orgs/${a.orgId}/stores`, { token, body: { name: 'Lines', code: `L${Math.random().toString(36).slice(2, 8)}`, address } });
    const ok = await store('1 High Street\r\n\tFloor 2\nTown');
    expect(ok.status).toBe(201);
    expect(ok.body.address).toBe('1 High Street\r\n\tFloor 2\nTown');
    for (const bad of ['1 High\u0000Street', '1 High\u001b[2JStreet', '1 High\u0085Street']) {
      const res = await store(bad);
      expect.soft([res.status, res.body?.code, res.body?.errors?.[0]?.path], JSON.stringify(bad)).toEqual([400, 'validation_failed', 'body/address']);
    }
    for (const bad of ['a\tb', 'a\nb']) {
      const res = await call(t, 'GET', `/api/v1/orgs/${a.orgId}/stores?search=${encodeURIComponent(bad)}`, { token });
      expect.soft([res.status, res.body?.code], JSON.stringify(bad)).toEqual([400, 'validation_failed']);
    }
  });
});
