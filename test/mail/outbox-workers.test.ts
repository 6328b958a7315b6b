/**
 * Issue 14: the mail outbox with delivery workers on several instances. Each instance's worker
 * claims due rows (on PostgreSQL a batch in one statement with FOR UPDATE SKIP LOCKED; on SQLite
 * row by row with a guarded update) so two workers over one database never send one message
 * twice. Also: failures, stale claims, the worker's stop waiting for its tick, and the outbox
 * depth in /metrics.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { Deps } from '../../src/container.js';
import { createMailSender, deliverPending, type MailSender, startMailWorker } from '../../src/mail/deliver.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { renderMail } from '../../src/mail/templates/render.js';
import { createDb, type DbHandle, type DialectName, migrateToLatest } from '../../src/store/dialect.js';
import { call, startTestApp, type TestApp, TestClock } from '../fixtures/test-app.js';
import { startSmtp } from '../fixtures/smtp.js';
import { createTestDb, dialects } from '../fixtures/test-db.js';


/**
 * Two handles on one fresh database, as two instances have: a temporary SQLite file, or a new
 * PostgreSQL database (each handle its own pool).
 */
async function sharedDatabase(dialect: DialectName): Promise<{ a: DbHandle; b: DbHandle; close(): Promise<void> }> {
  if (dialect === 'postgres') {
    const a = await createTestDb('postgres');
    const b = createDb(a.url);
    return {
      a,
      b,
      close: async () => {
        await b.close();
        await a.close();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-outbox-'));
  const url = `sqlite:${join(dir, 'rc.db')}`;
  const a = createDb(url);
  await migrateToLatest(a.db);
  const b = createDb(url);
  return {
    a,
    b,
    close: async () => {
      await b.close();
      await a.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function depsFor(handle: DbHandle, clock: TestClock, smtpUrl?: string): Pick<Deps, 'db' | 'dialect' | 'clock' | 'config'> {
  return { db: handle.db, dialect: handle.dialect, clock: clock.now, config: loadConfig({}, { smtpUrl, mailFrom: 'Rolecall <no-reply@rolecall.test>' }) };
}

/** A real SMTP sender that records who it sent to, and may wait before its first message. */
function recordingSender(url: string, sentTo: string[], hooks: { beforeFirst?: () => Promise<void>; onSend?: () => void } = {}): MailSender {
  const inner = createMailSender(url)!;
  let first = true;
  return {
    send: async (m) => {
      hooks.onSend?.();
      if (first) {
        first = false;
        await hooks.beforeFirst?.();
      }
      await inner.send(m);
      sentTo.push(m.to);
    },
    close: () => inner.close(),
  };
}

/** What one worker does on its timer, until nothing is left: batches of five. */
async function drain(deps: Pick<Deps, 'db' | 'dialect' | 'clock' | 'config'>, sender: MailSender): Promise<void> {
  while ((await deliverPending(deps, sender, 5)) > 0) {
    // next batch
  }
}

async function queue(db: DbHandle['db'], now: Date, count: number, prefix: string): Promise<string[]> {
  const to: string[] = [];
  for (let i = 0; i < count; i++) {
    const address = `${prefix}${i}@shop.test`;
    to.push(address);
    await enqueueMail(db, now, { to: address, template: 'test', ...renderMail({ subject: `Message ${i}`, paragraphs: ['x'] }) });
  }
  return to;
}

describe.each(dialects())('mail outbox workers (%s)', (dialect) => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  it('two workers over one database racing through 36 messages each send a disjoint set, and every message arrives once', async () => {
    const smtp = await startSmtp();
    cleanup.push(smtp.close);
    const db = await sharedDatabase(dialect);
    cleanup.push(db.close);
    const clock = new TestClock();
    const all = await queue(db.a.db, clock.now(), 36, 'race');

    const sentByA: string[] = [];
    const sentByB: string[] = [];
    // A holds its first message until B is sending too, so both really take part.
    let bSending!: () => void;
    const gate = new Promise<void>((resolve) => {
      bSending = resolve;
    });
    const a = recordingSender(smtp.url, sentByA, { beforeFirst: () => gate });
    const b = recordingSender(smtp.url, sentByB, { onSend: () => bSending() });
    try {
      const workerB = drain(depsFor(db.b, clock), b).finally(() => bSending());
      await Promise.all([drain(depsFor(db.a, clock), a), workerB]);
    } finally {
      a.close();
      b.close();
    }

    expect(sentByA.length).toBeGreaterThan(0);
    expect(sentByB.length).toBeGreaterThan(0);
    expect(sentByA.filter((to) => sentByB.includes(to))).toEqual([]);
    expect([...sentByA, ...sentByB].sort()).toEqual([...all].sort());
    expect([...smtp.inbox.flatMap((m) => m.to)].sort()).toEqual([...all].sort());
    const rows = await db.a.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
    expect(rows).toHaveLength(36);
    expect(rows.every((r) => r.status === 'sent' && Number(r.attempts) === 1)).toBe(true);
  });

  it('a failed send is tried again, and left failed after five attempts; a claim of a worker that died is taken over', async () => {
    const db = await sharedDatabase(dialect);
    cleanup.push(db.close);
    const clock = new TestClock();
    const deps = depsFor(db.a, clock);
    const [to] = await queue(db.a.db, clock.now(), 1, 'failing');
    const refusing: MailSender = {
      send: async () => {
        throw new Error('mailbox unavailable');
      },
      close: () => {},
    };
    for (let i = 0; i < 5; i++) expect(await deliverPending(deps, refusing)).toBe(0);
    const failed = await db.a.db.selectFrom('mail_outbox').select(['status', 'attempts', 'last_error']).where('to_email', '=', to!).executeTakeFirstOrThrow();
    expect(failed).toEqual({ status: 'failed', attempts: 5, last_error: 'mailbox unavailable' });

    // A worker claims a message and dies before sending it: after five minutes another takes it.
    const [orphan] = await queue(db.a.db, clock.now(), 1, 'orphan');
    const sent: string[] = [];
    const dying: MailSender = {
      send: () => new Promise<void>(() => {}),
      close: () => {},
    };
    void deliverPending(depsFor(db.a, clock), dying);
    await expect.poll(async () => (await db.b.db.selectFrom('mail_outbox').select('status').where('to_email', '=', orphan!).executeTakeFirstOrThrow()).status).toBe('sending');
    const recording: MailSender = { send: async (m) => void sent.push(m.to), close: () => {} };
    expect(await deliverPending(depsFor(db.b, clock), recording)).toBe(0);
    clock.advance(5 * 60_000 + 1);
    expect(await deliverPending(depsFor(db.b, clock), recording)).toBe(1);
    expect(sent).toEqual([orphan]);
  });

  it("stopping the worker waits for the tick under way, which finishes its message", async () => {
    let arrived!: () => void;
    const messageArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const smtp = await startSmtp({
      onMessage: () => {
        arrived();
        return released;
      },
    });
    cleanup.push(smtp.close);
    const db = await sharedDatabase(dialect);
    cleanup.push(db.close);
    const clock = new TestClock();
    const [to] = await queue(db.a.db, clock.now(), 1, 'held');
    const errors: unknown[] = [];
    const stop = startMailWorker(depsFor(db.a, clock, smtp.url), { onError: (err) => errors.push(err) });
    // The first tick starts at once and is now inside the SMTP exchange.
    await messageArrived;
    let stopped = false;
    const stopping = stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;
    // Only now may the database close: the message was marked sent.
    const row = await db.a.db.selectFrom('mail_outbox').select('status').where('to_email', '=', to!).executeTakeFirstOrThrow();
    expect(row.status).toBe('sent');
    expect(smtp.inbox.flatMap((m) => m.to)).toEqual([to]);
    expect(errors).toEqual([]);
    // Stopping again is harmless.
    await stop();
  });
});

describe.each(dialects())('mail outbox in /metrics (%s)', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('shows how many messages are pending and failed, counted when scraped', async () => {
    t = await startTestApp(dialect);
    const metric = async () => {
      const res = await call(t!, 'GET', '/metrics');
      expect(res.status).toBe(200);
      const read = (status: string) => Number(new RegExp(`^rolecall_mail_outbox_messages\\{status="${status}"\\} (\\d+)$`, 'm').exec(res.body)?.[1]);
      return { pending: read('pending'), failed: read('failed') };
    };
    expect(await metric()).toEqual({ pending: 0, failed: 0 });
    const ids = await queue(t.deps.db, t.clock.now(), 3, 'metric');
    await t.deps.db.updateTable('mail_outbox').set({ status: 'failed' }).where('to_email', '=', ids[0]!).execute();
    expect(await metric()).toEqual({ pending: 2, failed: 1 });
  });
});
