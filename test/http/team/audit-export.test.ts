import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, platformStaff, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { csvCell } from '../../../src/services/audit-export.js';

/** A minimal RFC 4180 reader for the assertions (every cell is quoted by the exporter). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const re = /"((?:[^"]|"")*)"(,|\r\n)/g;
  let row: string[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    row.push((m[1] ?? '').replace(/""/g, '"'));
    if (m[2] === '\r\n') {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

describe('csvCell (ASVS 1.2.10)', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+cmd', `"'+cmd"`],
    ['-2', `"'-2"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    ['say "hi"', '"say ""hi"""'],
    ['plain', '"plain"'],
  ])('%j → %s', (input, out) => expect(csvCell(input)).toBe(out));
});

describe.each(dialects())('GET /orgs/{orgId}/audit/export.csv (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  });
  afterAll(() => t.close());

  it('exports the filtered history as CSV with a filename, formulas neutralised', async () => {
    const staff = await platformStaff(t);
    const target = m.people.cashier1!.userId;
    await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${target}/suspend`, { token: staff.token, body: { reason: '=HYPERLINK("http://evil")' } });
    await call(t, 'POST', `/api/v1/orgs/${m.orgId}/members/${target}/reactivate`, { token: m.people.owner!.token, body: {} });
    const res = await fetch(`${t.baseUrl}/api/v1/orgs/${m.orgId}/audit/export.csv?targetId=${target}`, { headers: { authorization: `Bearer ${m.people.owner!.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(new RegExp(`attachment; filename="audit-${m.orgId}-\\d{4}-\\d{2}-\\d{2}\\.csv"`));
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['at', 'id', 'actorId', 'actorEmail', 'actorKind', 'action', 'targetType', 'targetId', 'before', 'after', 'reason', 'ip', 'requestId', 'summary']);
    const body = rows.slice(1);
    expect(body.map((r) => r[5])).toEqual(['member.reactivated', 'member.suspended', 'member.added']);
    const suspended = body[1]!;
    expect(suspended[3]).toBe(staff.email);
    expect(suspended[10]).toBe(`'=HYPERLINK("http://evil")`);
    expect(JSON.parse(suspended[8]!)).toEqual({ status: 'active' });
    expect(JSON.parse(suspended[9]!)).toEqual({ status: 'suspended' });
    expect(suspended[13]).toBe('Sam Support (platform support, ticket: =HYPERLINK("http://evil")) suspended cashier1 Tester in Store 1.');
  });

  it('pages through long histories (more rows than one page) without losing or repeating any', async () => {
    const rows = Array.from({ length: 1234 }, (_, i) => ({
      id: `zz${String(i).padStart(24, '0')}`,
      org_id: m.orgId,
      actor_id: null,
      actor_kind: 'system' as const,
      action: 'bulk.test',
      target_type: null,
      target_id: null,
      before: null,
      after: null,
      reason: null,
      ip: null,
      request_id: null,
      created_at: t.clock.now().toISOString(),
    }));
    for (let i = 0; i < rows.length; i += 200) await t.deps.db.insertInto('audit_events').values(rows.slice(i, i + 200)).execute();
    const res = await fetch(`${t.baseUrl}/api/v1/orgs/${m.orgId}/audit/export.csv?action=bulk.test`, { headers: { authorization: `Bearer ${m.people.owner!.token}` } });
    const ids = parseCsv(await res.text()).slice(1).map((r) => r[1]);
    expect(ids).toHaveLength(1234);
    expect(new Set(ids).size).toBe(1234);
  });

  it('needs audit:read (403), hides other orgs (404) and rejects unknown filters (400)', async () => {
    const cashier = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/export.csv`, { token: m.people.cashier12!.token });
    expect([cashier.status, cashier.body.code]).toEqual([403, 'forbidden']);
    const other = await posTeam(t);
    expect((await call(t, 'GET', `/api/v1/orgs/${other.orgId}/audit/export.csv`, { token: m.people.owner!.token })).status).toBe(404);
    const bad = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/export.csv?limit=5`, { token: m.people.owner!.token });
    expect(bad.body.code).toBe('validation_failed');
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/export.csv`)).status).toBe(401);
  });

  it('a query that fails answers problem+json before any CSV is sent, never a 200 cut off after the header', async () => {
    // Any database failure will do (a NUL in a filter used to be one on PostgreSQL): the table is gone.
    await sql`alter table audit_events rename to audit_events_away`.execute(t.deps.db);
    try {
      const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/export.csv`, { token: m.people.owner!.token });
      expect([res.status, res.headers.get('content-type'), res.body?.code]).toEqual([500, 'application/problem+json; charset=utf-8', 'internal_error']);
    } finally {
      await sql`alter table audit_events_away rename to audit_events`.execute(t.deps.db);
    }
    expect((await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/export.csv`, { token: m.people.owner!.token })).status).toBe(200);
  });

  it('refuses control characters in its filters (400 validation_failed) instead of sending a header and failing', async () => {
    for (const q of ['action=member%00added', `targetId=${m.people.cashier1!.userId}%00`, 'action=a%1Bb']) {
      const res = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit/export.csv?${q}`, { token: m.people.owner!.token });
      expect.soft([res.status, res.body?.code], q).toEqual([400, 'validation_failed']);
    }
  });
});
