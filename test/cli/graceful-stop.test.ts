/**
 * Stopping gracefully (SIGTERM, Ctrl-C → `Running.stop()`): /readyz answers 503 while the
 * instance drains, a request under way when stop is called still gets its answer (from a
 * database that is still open), and the mail worker's delivery under way finishes before the
 * database closes. Every step waits on an event, never on a clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterEach, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { enqueueMail } from '../../src/mail/outbox.js';
import { renderMail } from '../../src/mail/templates/render.js';
import { type Running, startServer } from '../../src/server.js';
import { createDb, migrateToLatest } from '../../src/store/dialect.js';

const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

/** An SMTP server that holds each message's acknowledgement until `release()`. */
async function holdingSmtp() {
  let arrived!: () => void;
  const messageArrived = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, done) {
      stream.resume();
      stream.on('end', () => {
        arrived();
        void released.then(() => done());
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messageArrived, release, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

it('drains on stop: /readyz 503, the request under way is answered, the mail under way is marked sent, then the database closes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rolecall-stop-'));
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  const dbUrl = `sqlite:${join(dir, 'rc.db')}`;
  // One message waiting in the outbox before the server starts.
  const setup = createDb(dbUrl);
  await migrateToLatest(setup.db);
  await enqueueMail(setup.db, new Date(), { to: 'waiting@shop.test', template: 'test', ...renderMail({ subject: 'Waiting', paragraphs: ['x'] }) });
  await setup.close();

  const smtp = await holdingSmtp();
  cleanup.push(smtp.close);
  cleanup.push(() => smtp.release());
  const running: Running = await startServer(loadConfig({}, { dbUrl, port: 0, logLevel: 'silent', smtpUrl: smtp.url, mailFrom: 'Rolecall <no-reply@rolecall.test>' }));
  cleanup.push(() => running.stop());
  // The worker's first tick starts at once; it is now inside the SMTP exchange, held there.
  await smtp.messageArrived;
  expect((await fetch(`${running.url}/readyz`)).status).toBe(200);

  // A request under way: its headers are in, half its body is not.
  const body = JSON.stringify({ email: 'nobody@shop.test', password: 'not the right password' });
  const reached = new Promise<void>((resolve) => running.app.server.once('request', () => resolve()));
  const slow = httpRequest(`${running.url}/api/v1/auth/token`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    slow.on('response', (res: IncomingMessage) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    slow.on('error', reject);
  });
  slow.write(body.slice(0, 10));
  await reached;

  let stopped = false;
  const stopping = running.stop().then(() => {
    stopped = true;
  });
  // Draining: not ready, but still serving.
  const ready = await fetch(`${running.url}/readyz`);
  expect(ready.status).toBe(503);
  expect(((await ready.json()) as { code: string }).code).toBe('not_ready');
  expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  expect(stopped).toBe(false);

  // The mail finishes; then the server stops taking connections and waits for the request.
  smtp.release();
  while (running.app.server.listening) await new Promise((resolve) => setImmediate(resolve));
  expect(stopped).toBe(false);
  slow.end(body.slice(10));
  const res = await answered;
  expect(res.status).toBe(401);
  expect(JSON.parse(res.body).code).toBe('invalid_credentials');
  await stopping;

  const after = createDb(dbUrl);
  try {
    const rows = await after.db.selectFrom('mail_outbox').select(['to_email', 'status']).execute();
    expect(rows).toEqual([{ to_email: 'waiting@shop.test', status: 'sent' }]);
  } finally {
    await after.close();
  }
});
