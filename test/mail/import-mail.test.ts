/**
 * A bulk import's invitations share one stored body per role set (mail_bodies) and carry only
 * their own token: each person must still get a whole mail, with their own working link, over
 * real SMTP, and the development outbox must show it whole too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailSender, deliverPending } from '../../src/mail/deliver.js';
import { listRecentOutboxMail, outboxMailTo } from '../../src/store/queries/mail-outbox.queries.js';
import { type Merchant, posTeam } from '../fixtures/merchant.js';
import { startSmtp } from '../fixtures/smtp.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { dialects } from '../fixtures/test-db.js';
import { HEADER, upload } from '../http/import/helpers.js';

describe.each(dialects())('imported invitations by mail (%s)', (dialect) => {
  let t: TestApp;
  let m: Merchant;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { smtpUrl: smtp.url, mailFrom: 'Rolecall <no-reply@rolecall.test>' });
    m = await posTeam(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const linkIn = (raw: string) => /http:\/\/rolecall\.test\/accept-invite#token=([A-Za-z0-9_-]+)/.exec(raw.replace(/=\r?\n/g, ''))?.[1];

  it('sends each person a whole invitation with their own link; one stored body per role set', async () => {
    const people = ['ana', 'ben', 'cy', 'dee'].map((n) => `${n}@mailed.test`);
    const csv = [HEADER, `${people[0]},Ana,One,,Cashier,S1`, `${people[1]},Ben,Two,,Cashier,S1`, `${people[2]},Cy,Three,,Cashier,S1`, `${people[3]},Dee,Four,,Stocker,S2`].join('\n');
    const res = await upload(t, m.orgId, m.people.owner!.token, csv);
    expect(res.status).toBe(201);
    expect(res.body.counts).toMatchObject({ created: 4, errors: 0 });

    const stored = await t.deps.db.selectFrom('mail_outbox').select(['body_id', 'fill', 'text_body']).where('to_email', 'in', people).execute();
    expect(stored.every((r) => r.body_id !== null && r.text_body === '' && (JSON.parse(r.fill ?? '[]')[0] ?? '').length > 20)).toBe(true);
    // Three cashiers share one body; the stocker has their own.
    expect(new Set(stored.map((r) => r.body_id)).size).toBe(2);

    // The development outbox reads whole messages.
    const outbox = (await listRecentOutboxMail(t.deps.db, 50)).filter((r) => people.includes(r.to_email));
    expect(outbox).toHaveLength(4);
    for (const r of outbox) {
      const [token] = JSON.parse(r.fill ?? '[]') as string[];
      expect(r.text_body).toContain(`accept-invite#token=${token}`);
      expect(r.html_body).toContain(`accept-invite#token=${token}`);
    }

    const sender = createMailSender(t.deps.config.smtpUrl)!;
    try {
      expect(await deliverPending(t.deps, sender)).toBeGreaterThanOrEqual(4);
    } finally {
      sender.close();
    }
    const tokens = people.map((p) => {
      const mail = smtp.inbox.find((x) => x.to.includes(p));
      expect(mail, p).toBeDefined();
      expect(mail!.text).toMatch(/^Subject: .*invit/im);
      expect(mail!.text).toContain('Content-Type: text/html');
      return linkIn(mail!.text);
    });
    expect(new Set(tokens).size).toBe(4);

    // Dee's link works, and it is Dee's: the preview names her email and role.
    const preview = await call(t, 'GET', `/api/v1/invitations/${tokens[3]}`);
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ email: people[3], roles: [{ role: 'stocker', roleName: 'Stocker' }] });
    const accepted = await call(t, 'POST', `/api/v1/invitations/${tokens[3]}/accept`, { body: { firstName: 'Dee', lastName: 'Four', password: 'a long passphrase from the mail' } });
    expect(accepted.status).toBe(200);
  });

  it('create mode: each new account gets the set-your-password mail with its own name (escaped in HTML) and a working link', async () => {
    const csv = [HEADER, 'zoe@created.test,Zoë & <Co>,Ray,,Cashier,S1', 'noname@created.test,,Nobody,,Cashier,S1'].join('\n');
    const res = await upload(t, m.orgId, m.people.owner!.token, csv, '?mode=create');
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.counts).toMatchObject({ created: 2, errors: 0 });
    const [zoe] = await outboxMailTo(t.deps.db, 'zoe@created.test');
    const [noname] = await outboxMailTo(t.deps.db, 'noname@created.test');
    expect(zoe!.template).toBe('set_password');
    expect(zoe!.text_body).toContain('Hello Zoë & <Co>,');
    expect(zoe!.html_body).toContain('Hello Zoë &amp; &lt;Co&gt;,');
    expect(zoe!.html_body).not.toContain('<Co>');
    expect(zoe!.text_body).toContain('created an account for you at');
    expect(noname!.text_body).not.toMatch(/^Hello/m);

    const token = /reset-password#token=([A-Za-z0-9_-]+)/.exec(zoe!.text_body)?.[1];
    const set = await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password: 'zoe chooses a long password' } });
    expect(set.status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: 'zoe@created.test', password: 'zoe chooses a long password' } })).status).toBe(200);
  });
});
