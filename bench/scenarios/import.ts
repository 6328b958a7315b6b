/**
 * 6. People import: a CSV of `rows` new people into the data set's org, through the real
 * command (`rolecall import`, built `dist/`), as a user runs it: a dry run, the import itself
 * (invite mode: invitation, mail, audit event and report line per row), the same file again
 * (every row unchanged), and another 100,000 people in create mode (accounts and members at
 * once). Wall time of each process and its peak RSS (VmHWM).
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchDb } from '../lib/databases.js';
import type { DataSet } from '../lib/dataset.js';
import { ROOT, SERVER_MAIN } from '../lib/processes.js';
import type { Row } from '../lib/report.js';

const ROLES = ['Cashier', 'Cashier', 'Cashier', 'Stocker', 'Store manager'];

/** Peak resident set of a running process in MB (Linux), or NaN. */
function peakMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function runCli(args: string[]): Promise<{ seconds: number; peak: number; stdout: string }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [SERVER_MAIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let peak = Number.NaN;
  child.stdout.on('data', (d) => {
    stdout += d;
  });
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const timer = setInterval(() => {
    const p = peakMb(child.pid ?? 0);
    if (!Number.isNaN(p)) peak = Number.isNaN(peak) ? p : Math.max(peak, p);
  }, 50);
  return new Promise((resolve, reject) =>
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) reject(new Error(`rolecall import failed (${code}): ${stderr.trim()}`));
      else resolve({ seconds: (performance.now() - t0) / 1000, peak, stdout });
    }),
  );
}

export async function importScenario(db: BenchDb, ds: DataSet, opts: { rows: number }): Promise<{ rows: Row[] }> {
  const stores = await db.db.selectFrom('stores').select('code').where('org_id', '=', ds.orgId).orderBy('code').execute();
  const codes = stores.map((s) => s.code);
  const csv = (prefix: string) => {
    const lines = ['email,first_name,last_name,phone,role,stores'];
    for (let i = 0; i < opts.rows; i++) {
      const n = 1 + (i % 3);
      const own = Array.from({ length: n }, (_, k) => codes[(i + k * 7) % codes.length]).join(';');
      lines.push(`${prefix}${i}@bench.test,Person,${i},+44 20 7946 ${String(i % 10000).padStart(4, '0')},${ROLES[i % ROLES.length]},${own}`);
    }
    return lines.join('\r\n');
  };
  const file = join(tmpdir(), `rc-bench-import-${process.pid}-${db.dialect}.csv`);
  const created = join(tmpdir(), `rc-bench-create-${process.pid}-${db.dialect}.csv`);
  writeFileSync(file, csv('import'));
  writeFileSync(created, csv('create'));
  const owner = ds.members[0]?.email ?? '';
  const base = ['import', file, '--org', ds.orgId, '--as', owner, '--db', db.url];
  const create = ['import', created, '--org', ds.orgId, '--as', owner, '--db', db.url, '--mode', 'create'];
  const target = db.dialect === 'sqlite' ? 10 : 30;
  const label = `${opts.rows.toLocaleString('en-US')}-row CSV`;
  const rows: Row[] = [];
  try {
    const figures: [string, string[]][] = [
      [`import ${label}, dry run (${db.dialect})`, [...base, '--dry-run']],
      [`import ${label}, invite mode (${db.dialect})`, base],
      [`import ${label} again, all unchanged (${db.dialect})`, base],
      // Other people: active accounts, memberships, role assignments, a set-password link and mail each.
      [`import ${label}, create mode (${db.dialect})`, create],
    ];
    for (const [figure, args] of figures) {
      const r = await runCli(args);
      // The target is for 100,000 rows; a quick run (fewer rows) shows the time it would take
      // at its rate (start-up scaled too, so an overestimate) and is not judged against it.
      const full = opts.rows >= 100_000;
      const at100k = r.seconds * (100_000 / opts.rows);
      rows.push({
        section: '6',
        figure,
        ours: `${r.seconds.toFixed(1)} s, peak RSS ${r.peak.toFixed(0)} MB`,
        peer: '',
        ratio: `${Math.round(opts.rows / r.seconds).toLocaleString('en-US')} rows/s${full ? '' : ` (≈ ${at100k.toFixed(0)} s at 100,000)`}`,
        target: `≤ ${target} s at 100,000 rows`,
        pass: full ? r.seconds <= target : null,
        note: 'the real command as a process (start-up and migration check included); the data set’s members already in the org.',
      });
    }
  } finally {
    rmSync(file, { force: true });
    rmSync(created, { force: true });
  }
  return { rows };
}
