import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { call, type TestApp } from '../../fixtures/test-app.js';

/** A recorded request body of a real SCIM client, with `{{name}}` filled in. */
export function fixture(name: string, vars: Record<string, string> = {}): unknown {
  const text = readFileSync(fileURLToPath(new URL(`./fixtures/${name}.json`, import.meta.url)), 'utf8');
  return JSON.parse(text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => {
    const v = vars[k];
    if (v === undefined) throw new Error(`fixture ${name} needs ${k}`);
    return v.replace(/"/g, '\\"');
  }));
}

/** One SCIM request as the clients send it: `application/scim+json`, the provisioning token as bearer. */
export function scim(t: TestApp, token: string, method: string, path: string, body?: unknown) {
  return call(t, method, `/scim/v2${path}`, {
    token,
    ...(body !== undefined ? { rawBody: JSON.stringify(body), headers: { 'content-type': 'application/scim+json' } } : {}),
  });
}

/** An org admin creates a provisioning token through the API; its value is shown this once. */
export async function createScimToken(t: TestApp, orgId: string, adminToken: string, name = 'Identity provider'): Promise<{ id: string; token: string }> {
  const res = await call(t, 'POST', `/api/v1/orgs/${orgId}/scim-tokens`, { token: adminToken, body: { name } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.item.id, token: res.body.token };
}

export const SCIM_ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** A SCIM error body with this status. */
export function expectScimError(res: { status: number; body: any }, status: number, scimType?: string) {
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  expect(res.body.schemas).toEqual([SCIM_ERROR]);
  expect(res.body.status).toBe(String(status));
  if (scimType) expect(res.body.scimType).toBe(scimType);
  expect(typeof res.body.detail).toBe('string');
}
