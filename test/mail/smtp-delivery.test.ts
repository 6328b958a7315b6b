import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailSender, deliverPending } from '../../src/mail/deliver.js';
import { renderMail } from '../../src/mail/templates/render.js';
import { createMerchant, PASSWORD } from '../fixtures/merchant.js';
import { call, startTestApp, type TestApp } from '../fixtures/test-app.js';
import { startSmtp } from '../fixtures/smtp.js';
import { dialects } from '../fixtures/test-db.js';

describe.each(dialects())('mail through a real SMTP server (%s)', (dialect) => {
  let t: TestApp;
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp(dialect, { smtpUrl: smtp.url, mailFrom: 'Rolecall <no-reply@rolecall.test>' });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('delivers the reset email; following its link resets the password', async () => {
    const m = await createMerchant(t, { storeCount: 1, team: { owner: () => [{ role: 'org_admin' }], cashier: (s) => [{ role: 'cashier', storeIds: [s[0]!] }] } });
    const p = m.people.cashier!;
    expect((await call(t, 'POST', '/api/v1/auth/password/forgot', { body: { email: p.email } })).status).toBe(202);
    const sender = createMailSender(t.deps.config.smtpUrl)!;
    try {
      expect(await deliverPending(t.deps, sender)).toBe(1);
      // A second flush (another instance) finds nothing left to send.
      expect(await deliverPending(t.deps, sender)).toBe(0);
    } finally {
      sender.close();
    }
    const mail = smtp.inbox.find((x) => x.to.includes(p.email));
    expect(mail).toBeDefined();
    const raw = mail!.text;
    expect(raw).toMatch(/^Subject: Reset your Rolecall password/m);
    expect(raw).toMatch(/^From: Rolecall <no-reply@rolecall.test>/m);
    expect(raw).toMatch(/Content-Type: text\/html/);
    const link = /(http:\/\/rolecall\.test\/reset-password#token=[A-Za-z0-9_%-]+)/.exec(raw)?.[1];
    expect(link).toBeDefined();

    // What the console's reset page does: read the token from the fragment and post it.
    const token = decodeURIComponent(new URL(link!).hash.replace(/^#token=/, ''));
    const newPassword = 'a phrase typed from the email link';
    expect((await call(t, 'POST', '/api/v1/auth/password/reset', { body: { token, password: newPassword } })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: newPassword } })).status).toBe(200);
    expect((await call(t, 'POST', '/api/v1/auth/token', { body: { email: p.email, password: PASSWORD } })).status).toBe(401);

    const outbox = await t.deps.db.selectFrom('mail_outbox').select(['template', 'status']).where('to_email', '=', p.email).orderBy('created_at').execute();
    expect(outbox[0]).toEqual({ template: 'password_reset', status: 'sent' });
    const flush = createMailSender(t.deps.config.smtpUrl)!;
    try {
      await deliverPending(t.deps, flush);
    } finally {
      flush.close();
    }
    const notice = smtp.inbox.filter((x) => x.to.includes(p.email)).map((x) => x.text);
    expect(notice.some((r) => /^Subject: Your Rolecall password was changed/m.test(r))).toBe(true);
  });

  it('two workers flushing at once send each message exactly once', async () => {
    const before = smtp.inbox.length;
    const now = t.deps.clock();
    const { enqueueMail } = await import('../../src/mail/outbox.js');
    for (let i = 0; i < 6; i++) await enqueueMail(t.deps.db, now, { to: `race${i}@shop.test`, template: 'test', ...renderMail({ subject: `Race ${i}`, paragraphs: ['x'] }) });
    const a = createMailSender(t.deps.config.smtpUrl)!;
    const b = createMailSender(t.deps.config.smtpUrl)!;
    try {
      const [sa, sb] = await Promise.all([deliverPending(t.deps, a), deliverPending(t.deps, b)]);
      expect(sa + sb).toBe(6);
    } finally {
      a.close();
      b.close();
    }
    expect(smtp.inbox.length - before).toBe(6);
  });

  it('escapes values in the HTML part', () => {
    const m = renderMail({ subject: 'Hi <b>', greeting: 'Hello <script>alert(1)</script>,', paragraphs: ['a & b'], action: { label: 'Go', url: 'http://x.test/?a="b"' } });
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('&lt;script&gt;');
    expect(m.html).toContain('a &amp; b');
    expect(m.html).toContain('href="http://x.test/?a=&quot;b&quot;"');
    expect(m.text).toContain('Hello <script>alert(1)</script>,');
  });
});
