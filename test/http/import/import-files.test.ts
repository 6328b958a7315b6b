import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Merchant, posTeam } from '../../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { counts, getText, HEADER, importsApi, upload } from './helpers.js';

describe.each(dialects())('people import: files as they come (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await posTeam(t);
  }, 120_000);
  afterAll(() => t.close());
  const owner = () => m.people.owner!.token;

  /** Uploads a file that must be refused as a whole, and checks that nothing changed. */
  async function refused(body: string | Buffer, detail: RegExp) {
    const before = await counts(t, m.orgId);
    for (const query of ['?dryRun=true', '']) {
      const res = await upload(t, m.orgId, owner(), body, query);
      expect(res.status, JSON.stringify(res.body)).toBe(400);
      expect(res.body.code).toBe('invalid_file');
      expect(res.body.detail).toMatch(detail);
    }
    expect(await counts(t, m.orgId)).toEqual(before);
  }

  it('refuses an empty file, a header alone, and a header without the email or role column', async () => {
    await refused('', /empty/);
    await refused('\uFEFF\r\n\r\n', /empty/);
    await refused(`${HEADER}\r\n`, /header but no people/);
    await refused('mail address,name\nx@y.test,X\n', /email and role columns are missing/);
  });

  it('refuses a broken quote anywhere in the file before changing anything', async () => {
    const rows = Array.from({ length: 50 }, (_, i) => `ok${i}@files.test,Ok,Row,,Cashier,S1`);
    await refused([HEADER, ...rows, 'bad@files.test,"Unclosed,Row,,Cashier,S1', 'after@files.test,A,B,,Cashier,S1'].join('\n'), /quote/);
    await refused([HEADER, 'bad@files.test,Un"quoted,Row,,Cashier,S1'].join('\n'), /quote/);
  });

  it('refuses text that is not UTF-8 (Windows-1252, UTF-16) and a workbook, saying how to save it', async () => {
    const latin1 = Buffer.from(`${HEADER}\njose@files.test,Jos\xe9,P\xe9rez,,Cashier,S1\n`, 'latin1');
    await refused(latin1, /not UTF-8.*CSV UTF-8/);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\n`, 'utf16le')]);
    await refused(utf16, /UTF-16/);
    await refused(Buffer.from('PK\x03\x04workbook', 'latin1'), /workbook/);
  });

  it('reads UTF-8 with a BOM, semicolons, CRLF, quoted cells, header aliases in any case and extra columns', async () => {
    const file = `\uFEFFE-Mail;First Name;LAST_NAME;Mobile;Role;Store Codes;Notes\r\n"zoe@files.test";"Zoë";"O'Brien; Jr";;"Cashier";"s1";\r\n"yan@files.test";Yan;Li;;Stocker;"S1 ; S2";"a note\r\nover two lines"\r\n`;
    const res = await upload(t, m.orgId, owner(), file, '?dryRun=true');
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.ignoredColumns).toEqual(['Notes']);
    expect(res.body.rows.map((r: { outcome: string }) => r.outcome)).toEqual(['create', 'create']);
    const real = await upload(t, m.orgId, owner(), file);
    expect(real.body.counts.created).toBe(2);
    const zoe = await t.deps.db.selectFrom('invitations').selectAll().where('org_id', '=', m.orgId).where('email_key', '=', 'zoe@files.test').executeTakeFirstOrThrow();
    expect(zoe).toMatchObject({ first_name: 'Zoë', last_name: "O'Brien; Jr" });
  });

  it('reports ragged rows and rows with control characters one by one, importing the good rows around them', async () => {
    const file = [HEADER, 'good1@files.test,Go,Od,,Cashier,S1', 'short@files.test,Sh,Ort', 'long@files.test,Lo,Ng,,Cashier,S1,extra', 'trailing@files.test,Tr,Ail,,Cashier,S1,,', 'ctl@files.test,"Bad\u0007Name",X,,Cashier,S1'].join('\n');
    const before = await counts(t, m.orgId);
    const res = await upload(t, m.orgId, owner(), file);
    expect(res.status).toBe(201);
    expect(res.body.counts).toEqual({ created: 2, updated: 0, unchanged: 0, errors: 3 });
    expect((await counts(t, m.orgId)).invitations - before.invitations).toBe(2);
    const report = await getText(t, `${importsApi(m.orgId)}/${res.body.id}/report.csv`, owner());
    expect(report.text).toContain('"3","short@files.test","error","invalid_row","This row has 3 cells but the header has 6');
    expect(report.text).toContain('"4","long@files.test","error","invalid_row"');
    expect(report.text).toContain('"6","ctl@files.test","error","validation_failed","The first name contains control characters');
  });

  it('neutralises formula cells in the report it gives back', async () => {
    const res = await upload(t, m.orgId, owner(), [HEADER, '"=HYPERLINK(""http://evil.test"",""click"")",A,B,,Cashier,S1', '@cmd,A,B,,Cashier,S1'].join('\n'));
    const report = await getText(t, `${importsApi(m.orgId)}/${res.body.id}/report.csv`, owner());
    expect(report.text).toContain(`"2","'=HYPERLINK(""http://evil.test"",""click"")","error","invalid_email"`);
    expect(report.text).toContain(`"3","'@cmd","error","invalid_email"`);
  });

  it('takes a file over 10 MB, imports it in the background and reports progress', { timeout: 180_000 }, async () => {
    const pad = 'x'.repeat(2000);
    const rows = Array.from({ length: 5200 }, (_, i) => `big${i}@files.test,Big,${i},,Cashier,S1,${pad}`);
    const file = [`${HEADER},notes`, ...rows].join('\n');
    expect(Buffer.byteLength(file)).toBeGreaterThan(10 * 1024 * 1024);
    const dry = await upload(t, m.orgId, owner(), file, '?dryRun=true');
    expect(dry.status).toBe(200);
    expect(dry.body.counts.created).toBe(5200);
    const res = await upload(t, m.orgId, owner(), file);
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(202);
    expect(res.body).toMatchObject({ status: 'running', totalRows: 5200 });
    // The upload helper waits for work started after the answer, so the import has finished.
    const status = await call(t, 'GET', `${importsApi(m.orgId)}/${res.body.id}`, { token: owner() });
    expect(status.body).toMatchObject({ status: 'completed', processedRows: 5200, counts: { created: 5200, updated: 0, unchanged: 0, errors: 0 } });
  });

  it('refuses a file larger than the upload limit', async () => {
    const res = await upload(t, m.orgId, owner(), Buffer.alloc(51 * 1024 * 1024, 0x61));
    expect(res.status).toBe(413);
  });
});
