/**
 * The import command as a real process: killed with SIGKILL in the middle of a 20,000-row
 * import, then run again, it finishes with exactly one invitation (or membership) and one mail
 * per person.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../src/store/dialect.js';
import { createTestDb, dialects } from '../fixtures/test-db.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'src', 'cli', 'main.ts');
const PEOPLE = 20_000;
const OURS = /^(DATABASE_URL|HOST|PORT|PUBLIC_URL|NODE_ENV|SESSION_.*|TRUST_PROXY|LOG_LEVEL|SMTP_URL|MAIL_FROM|ROLECALL_PASSWORD)$/;

let dir: string;
let children: ChildProcess[];
const cleanups: (() => Promise<void>)[] = [];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rolecall-import-'));
  children = [];
});

afterEach(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const f of cleanups.splice(0)) await f();
  rmSync(dir, { recursive: true, force: true });
});

function start(args: string[], dbUrl: string): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !OURS.test(k)));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: ROOT, env: { ...base, DATABASE_URL: dbUrl, ROLECALL_PASSWORD: 'correct horse battery staple' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d) => {
    stdout += d;
  });
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

async function count(db: DbHandle, table: 'invitations' | 'memberships' | 'mail_outbox' | 'audit_events', orgId: string, where?: [string, string]): Promise<number> {
  let q = db.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).where('org_id', '=', orgId);
  if (where) q = q.where(where[0] as 'org_id', '=', where[1]);
  return Number((await q.executeTakeFirstOrThrow()).n);
}

describe.each(dialects())('rolecall import (%s)', (dialect) => {
  async function database(): Promise<{ url: string; db: DbHandle }> {
    if (dialect === 'postgres') {
      const t = await createTestDb('postgres', { migrate: false });
      cleanups.push(() => t.close());
      return { url: t.url, db: t };
    }
    const url = `sqlite:${join(dir, 'rc.db')}`;
    return { url, db: { ...createDb(url) } };
  }

  it.each(['invite', 'create'] as const)('survives SIGKILL mid-import (%s mode): the re-run completes with exactly 20,000 people and no duplicates', { timeout: 240_000 }, async (mode) => {
    const { url, db } = await database();
    const seeded = await start(['seed-demo'], url).done;
    expect(seeded.code, seeded.stderr).toBe(0);
    const orgId = /ORG=(\S+)/.exec(seeded.stdout)?.[1] ?? '';
    const code = /\(([A-Z]{3}-\d{2})\)/.exec(seeded.stdout)?.[1] ?? '';
    const file = join(dir, 'people.csv');
    const rows = Array.from({ length: PEOPLE }, (_, i) => `person${i}@bulk.test,Person,${i},,Cashier,${code}`);
    writeFileSync(file, ['email,first_name,last_name,phone,role,stores', ...rows].join('\r\n'));
    if (dialect === 'sqlite') cleanups.push(() => db.close());
    else cleanups.unshift(() => db.close());
    const table = mode === 'invite' ? 'invitations' : 'memberships';
    const before = await count(db, table, orgId);

    // Killed once some batches have committed and before the last one has.
    const first = start(['import', file, '--org', orgId, '--mode', mode], url);
    let progress = 0;
    for (let i = 0; i < 2400 && first.child.exitCode === null; i++) {
      const rec = await db.db.selectFrom('imports').select('processed_through').where('org_id', '=', orgId).executeTakeFirst();
      progress = rec?.processed_through ?? 0;
      if (progress > 2000) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    const killed = await first.done;
    expect(killed.signal).toBe('SIGKILL');
    const midway = await db.db.selectFrom('imports').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(midway.status).toBe('running');
    expect(midway.processed_through).toBeGreaterThan(1);
    expect(midway.processed_through).toBeLessThan(PEOPLE + 1);
    // What committed is whole: every committed row has its effect, nothing beyond it.
    expect((await count(db, table, orgId)) - before).toBe(midway.processed_through - 1);

    const again = await start(['import', file, '--org', orgId, '--mode', mode], url).done;
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/Resuming import/);
    expect(again.stdout).toMatch(new RegExp(`Imported ${PEOPLE} rows .*: ${PEOPLE} added, 0 changed, 0 unchanged, 0 not imported`));

    expect((await count(db, table, orgId)) - before).toBe(PEOPLE);
    const template = mode === 'invite' ? 'invitation' : 'set_password';
    const mails = await db.db.selectFrom('mail_outbox').select((eb) => [eb.fn.countAll<string | number>().as('n'), eb.fn.count<string | number>('to_email').distinct().as('people')]).where('template', '=', template).where('to_email', 'like', '%@bulk.test').executeTakeFirstOrThrow();
    expect([Number(mails.n), Number(mails.people)]).toEqual([PEOPLE, PEOPLE]);
    if (mode === 'invite') {
      const keys = await db.db.selectFrom('invitations').select((eb) => eb.fn.count<string | number>('email_key').distinct().as('n')).where('org_id', '=', orgId).where('email_key', 'like', '%@bulk.test').executeTakeFirstOrThrow();
      expect(Number(keys.n)).toBe(PEOPLE);
    }
    const record = await db.db.selectFrom('imports').selectAll().where('org_id', '=', orgId).executeTakeFirstOrThrow();
    expect(record).toMatchObject({ status: 'completed', processed_through: PEOPLE + 1, created_count: PEOPLE, error_count: 0 });
    const reportRows = await db.db.selectFrom('import_rows').select((eb) => eb.fn.countAll<string | number>().as('n')).where('import_id', '=', record.id).executeTakeFirstOrThrow();
    expect(Number(reportRows.n)).toBe(PEOPLE);
    expect(await count(db, 'audit_events', orgId, ['action', 'import.completed'])).toBe(1);
    expect(await count(db, 'audit_events', orgId, ['action', mode === 'invite' ? 'invitation.created' : 'member.added'])).toBe(PEOPLE + (mode === 'create' ? Number(before) : 0));

    // A third run changes nothing.
    const third = await start(['import', file, '--org', orgId, '--mode', mode, '--dry-run'], url).done;
    expect(third.stdout).toMatch(new RegExp(`0 to add, 0 to change, ${PEOPLE} unchanged, 0 with errors`));
  });
});
