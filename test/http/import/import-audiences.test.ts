import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMerchant, type Merchant } from '../../fixtures/merchant.js';
import { startTestApp, type TestApp } from '../../fixtures/test-app.js';
import { dialects } from '../../fixtures/test-db.js';
import { newId } from '../../../src/lib/ids.js';
import { getText, importsApi, upload } from './helpers.js';

const HEADER = 'email,first_name,last_name,phone,role,stores,audience,profile,customer';

describe.each(dialects())('people import: partner and customer users (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let profileId: string;
  let customerId: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    m = await createMerchant(t, { preset: 'commerce', storeCount: 1, team: { boss: () => [{ role: 'global_admin' }] } });
    const iso = t.deps.clock().toISOString();
    profileId = newId();
    customerId = newId();
    await t.deps.db.insertInto('profiles').values({ id: profileId, org_id: m.orgId, name: 'Partner standard', audience: 'partner', levels: '{"my_customers":"view"}', payment_methods: '[]', home_template: null, configuration: '{}', created_at: iso, updated_at: iso }).execute();
    await t.deps.db.insertInto('customers').values({ id: customerId, org_id: m.orgId, name: 'Acme', number: 'C-100', search_key: 'acme c-100', created_at: iso, updated_at: iso }).execute();
  }, 120_000);
  afterAll(() => t.close());
  const boss = () => m.people.boss!.token;

  it('resolves the profile by name within its audience and customer accounts by number, and carries them into invitations and members', async () => {
    const file = [
      HEADER,
      'pat@partner.test,Pat,Ner,,Partner Account Executive,,partner,partner standard,C-100',
      'nope@partner.test,No,Pe,,Partner Account Executive,,partner,Partner standard,C-999',
      'noprofile@partner.test,No,Profile,,Partner Account Executive,,partner,Gold,C-100',
      'mixed@partner.test,Mi,Xed,,Partner Account Executive,,,,',
    ].join('\n');
    const res = await upload(t, m.orgId, boss(), file);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const report = await getText(t, `${importsApi(m.orgId)}/${res.body.id}/report.csv`, boss());
    expect(report.text).toContain('"2","pat@partner.test","create"');
    expect(report.text).toContain('"3","nope@partner.test","error","unknown_customer_account"');
    expect(report.text).toContain('"4","noprofile@partner.test","error","unknown_profile"');
    expect(report.text).toContain('"5","mixed@partner.test","error","invalid_audience"');
    const inv = await t.deps.db.selectFrom('invitations').selectAll().where('org_id', '=', m.orgId).where('email_key', '=', 'pat@partner.test').executeTakeFirstOrThrow();
    expect(inv).toMatchObject({ audience: 'partner', profile_id: profileId, customer_ids: JSON.stringify([customerId]) });

    const direct = await upload(t, m.orgId, boss(), [HEADER, 'dan@partner.test,Dan,Direct,,Partner Account Executive,,partner,Partner standard,C-100'].join('\n'), '?mode=create');
    expect(direct.body.counts).toEqual({ created: 1, updated: 0, unchanged: 0, errors: 0 });
    const exported = await getText(t, `/api/v1/orgs/${m.orgId}/members/export.csv`, boss());
    expect(exported.text).toContain('"dan@partner.test","Dan","Direct","","Partner Account Executive","","partner","Partner standard","C-100"');
    const again = await upload(t, m.orgId, boss(), exported.text, '?mode=create&dryRun=true');
    expect(again.body.counts).toMatchObject({ created: 0, updated: 0, errors: 0 });
  });
});
