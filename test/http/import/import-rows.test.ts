import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { counts, getText, HEADER, importsApi, upload } from './helpers.js';
import { outboxMailTo } from '../../../src/store/queries/mail-outbox.queries.js';

describe.each(dialects())('people import: rows and rules (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  }, 120_000);
  afterAll(() => t.close());
  const owner = () => m.people.owner!.token;

  it('dry run reports every row and changes nothing; the real run then does exactly that, and a second run nothing', async () => {
    const file = [
      HEADER,
      'ann@import.test,Ann,Lee,+44 20 7946 0000,Cashier,S1',
      'bob@import.test,Bob,Ng,,store_manager,S1;S2',
      'cy@import.test,Cy,Ode,,Org manager,',
      'nostore@import.test,No,Store,,Cashier,S9',
      'norole@import.test,No,Role,,Juggler,S1',
      'ANN@import.test,Ann,Again,,Cashier,S1',
      'not-an-email,X,Y,,Cashier,S1',
      `${m.people.cashier1!.email},cashier1,Tester,,Cashier,S1`,
      `${m.people.manager2!.email},manager2,Tester,,Cashier,S1`,
    ].join('\n');
    const before = await counts(t, m.orgId);
    const dry = await upload(t, m.orgId, owner(), file, '?dryRun=true');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body.counts).toEqual({ created: 3, updated: 0, unchanged: 1, errors: 5 });
    const byRow = Object.fromEntries(dry.body.rows.map((r: { row: number; outcome: string; code: string | null }) => [r.row, [r.outcome, r.code]]));
    expect(byRow).toEqual({
      2: ['create', null],
      3: ['create', null],
      4: ['create', null],
      5: ['error', 'unknown_store'],
      6: ['error', 'unknown_role'],
      7: ['error', 'duplicate_email'],
      8: ['error', 'invalid_email'],
      9: ['unchanged', null],
      10: ['error', 'already_member'],
    });
    expect(await counts(t, m.orgId)).toEqual(before);

    const real = await upload(t, m.orgId, owner(), file, '?fileName=staff.csv');
    expect(real.status, JSON.stringify(real.body)).toBe(201);
    expect(real.body).toMatchObject({ status: 'completed', mode: 'invite', fileName: 'staff.csv', totalRows: 9, processedRows: 9, counts: dry.body.counts });
    const after = await counts(t, m.orgId);
    expect(after.invitations - before.invitations).toBe(3);
    expect(after.mail - before.mail).toBe(3);
    // One event per new invitation plus one for the import.
    expect(after.audit - before.audit).toBe(4);
    const inv = await t.deps.db.selectFrom('invitations').selectAll().where('org_id', '=', m.orgId).where('email_key', '=', 'bob@import.test').executeTakeFirstOrThrow();
    expect(JSON.parse(inv.roles)).toEqual([{ role: 'store_manager', storeIds: [m.stores[0], m.stores[1]].sort() }]);
    expect(inv).toMatchObject({ first_name: 'Bob', last_name: 'Ng', status: 'pending', invited_by: m.people.owner!.userId });

    const again = await upload(t, m.orgId, owner(), file);
    expect(again.body.counts).toEqual({ created: 0, updated: 0, unchanged: 4, errors: 5 });
    const final = await counts(t, m.orgId);
    expect({ ...final, audit: final.audit - 1 }).toEqual(after);

    const report = await getText(t, `${importsApi(m.orgId)}/${real.body.id}/report.csv`, owner());
    expect(report.status).toBe(200);
    expect(report.headers.get('content-type')).toContain('text/csv');
    const lines = report.text.trim().split('\r\n');
    expect(lines[0]).toBe('"row","email","outcome","code","message"');
    expect(lines).toHaveLength(10);
    expect(lines[4]).toMatch(/^"5","nostore@import.test","error","unknown_store","No open store has the code ""S9""/);
    const audit = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/audit?action=import.completed&targetId=${real.body.id}`, { token: owner() });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0].after).toMatchObject({ fileName: 'staff.csv', created: 3, errors: 5 });
  });

  it('holds every row to the importer’s own delegation rules; good rows still go through', async () => {
    const file = [HEADER, 'mine@import.test,Mi,Ne,,Cashier,S1', 'theirs@import.test,Th,Eirs,,Cashier,S2', 'boss@import.test,Bo,Ss,,Org admin,'].join('\r\n');
    const res = await upload(t, m.orgId, m.people.manager1!.token, file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toEqual({ created: 1, updated: 0, unchanged: 0, errors: 2 });
    const report = await getText(t, `${importsApi(m.orgId)}/${res.body.id}/report.csv`, m.people.manager1!.token);
    expect(report.text).toContain('"3","theirs@import.test","error","store_not_assignable"');
    expect(report.text).toContain('"4","boss@import.test","error","role_not_assignable"');
    expect(report.text).not.toMatch(/store [0-9A-Z]{26}/);
    // Someone who cannot manage the team cannot import at all.
    const cashier = await upload(t, m.orgId, m.people.cashier1!.token, file, '?dryRun=true');
    expect(cashier.status).toBe(403);
  });

  it('updates a pending invitation whose grant changed, without a new mail', async () => {
    await upload(t, m.orgId, owner(), [HEADER, 'change@import.test,Ch,Ange,,Cashier,S1'].join('\n'));
    const before = await counts(t, m.orgId);
    const res = await upload(t, m.orgId, owner(), [HEADER, 'change@import.test,Ch,Ange,,Stocker,S1;S2'].join('\n'));
    expect(res.body.counts).toEqual({ created: 0, updated: 1, unchanged: 0, errors: 0 });
    const inv = await t.deps.db.selectFrom('invitations').selectAll().where('org_id', '=', m.orgId).where('email_key', '=', 'change@import.test').executeTakeFirstOrThrow();
    expect(JSON.parse(inv.roles)).toEqual([{ role: 'stocker', storeIds: [m.stores[0], m.stores[1]].sort() }]);
    const after = await counts(t, m.orgId);
    expect(after.mail).toBe(before.mail);
    expect(after.invitations).toBe(before.invitations);
  });

  it('create mode adds active members who get a set-your-password link, and re-importing them is unchanged', async () => {
    const file = [HEADER, 'direct1@import.test,Di,Rect,,Cashier,S1', 'direct2@import.test,Da,Rect,,Stocker,S2'].join('\n');
    const res = await upload(t, m.orgId, owner(), file, '?mode=create');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, errors: 0 });
    const user = await t.deps.db.selectFrom('users').selectAll().where('email_key', '=', 'direct1@import.test').executeTakeFirstOrThrow();
    expect(user).toMatchObject({ status: 'active', password_hash: null, first_name: 'Di' });
    const member = await call(t, 'GET', `/api/v1/orgs/${m.orgId}/members/${user.id}`, { token: owner() });
    expect(member.body).toMatchObject({ status: 'active', roles: [{ role: 'cashier', storeIds: [m.stores[0]] }] });
    const mail = await outboxMailTo(t.deps.db, 'direct1@import.test');
    expect(mail.map((x) => x.template)).toEqual(['set_password']);
    expect(mail[0]!.text_body).toContain('http://rolecall.test/reset-password#token=');
    expect(mail[0]!.text_body).toContain('created an account for you at');
    const again = await upload(t, m.orgId, owner(), file, '?mode=create');
    expect(again.body.counts).toEqual({ created: 0, updated: 0, unchanged: 2, errors: 0 });
  });

  it('exports the team in the import’s columns, neutralising formulas, and the export imports back unchanged', async () => {
    await upload(t, m.orgId, owner(), [HEADER, '"evil@import.test","=HYPERLINK(""http://evil.test"",""x"")","@SUM(1)","+1 555 0100","Cashier","S1"'].join('\n'), '?mode=create');
    const exported = await getText(t, `/api/v1/orgs/${m.orgId}/members/export.csv`, owner());
    expect(exported.status).toBe(200);
    const lines = exported.text.trim().split('\r\n');
    expect(lines[0]).toBe('"email","first_name","last_name","phone","role","stores","audience","profile","customer"');
    const evil = lines.find((l) => l.startsWith('"evil@import.test"'));
    expect(evil).toBe(`"evil@import.test","'=HYPERLINK(""http://evil.test"",""x"")","'@SUM(1)","'+1 555 0100","Cashier","S1","","",""`);
    for (const line of lines) expect(line).not.toMatch(/(^|,)"[=+\-@]/);
    const back = await upload(t, m.orgId, owner(), exported.text, '?dryRun=true');
    expect(back.status).toBe(200);
    const members = Number((await t.deps.db.selectFrom('memberships').select((eb) => eb.fn.countAll<string | number>().as('n')).where('org_id', '=', m.orgId).executeTakeFirstOrThrow()).n);
    expect(back.body.totalRows).toBe(members);
    const notUnchanged = back.body.rows.filter((r: { outcome: string }) => r.outcome !== 'unchanged');
    expect(notUnchanged).toEqual([]);
  });

  it('reports an import of another org as not found, and refuses a JSON body', async () => {
    const res = await call(t, 'GET', `${importsApi(m.orgId)}/01HZZZZZZZZZZZZZZZZZZZZZZZ`, { token: owner() });
    expect(res.status).toBe(404);
    const json = await call(t, 'POST', importsApi(m.orgId), { token: owner(), body: { email: 'x@y.z' } });
    expect(json.status).toBe(415);
  });
});
