/**
 * Where the time goes in the HTTP check: the server runs under `--cpu-prof` while loaded, and
 * the profile's self time is summed per function and per area (SQLite driver, Kysely, Fastify,
 * Rolecall code, GC/idle). Used when the HTTP target is missed, to put evidence in the report.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchDb } from '../lib/databases.js';
import type { DataSet } from '../lib/dataset.js';
import { load, SERVER_MAIN, startServer } from '../lib/processes.js';
import { questions } from '../lib/questions.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

function area(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)' || fn === '(program)') return fn;
  if (url.includes('better-sqlite3')) return 'better-sqlite3';
  if (url.includes('/pg/') || url.includes('pg-protocol')) return 'pg driver';
  if (url.includes('kysely')) return 'Kysely (query building/compiling)';
  if (url.includes('fastify') || url.includes('find-my-way') || url.includes('avvio') || url.includes('light-my-request')) return 'Fastify';
  if (url.includes('ajv') || url.includes('fast-json-stringify') || url.includes('typebox')) return 'validation/serialization';
  if (url.includes('pino')) return 'logging';
  if (url.includes('/dist/src/')) return `Rolecall ${url.split('/dist/src/')[1]?.split('/')[0] ?? ''}`;
  if (url.startsWith('node:') || url === '') return 'Node core / native';
  return 'other libraries';
}

export async function profileCheck(db: BenchDb, ds: DataSet, seconds: number): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rc-prof-'));
  const server = await startServer(['--cpu-prof', '--cpu-prof-dir', dir, SERVER_MAIN, 'serve', '--db', db.url, '--port', '0']);
  const qs = questions(ds.members, ds.storeIds, 512, 9);
  const bodies = qs.map((q) => JSON.stringify({ userId: ds.members[q.member]?.userId, permission: q.permission, ...(q.storeId ? { storeId: q.storeId } : {}) }));
  await load({ url: `${server.url}/api/v1/orgs/${ds.orgId}/check`, method: 'POST', headers: { authorization: `Bearer ${ds.tokens[0]}`, 'content-type': 'application/json' }, bodies, duration: seconds, connections: 10 });
  await server.stop();
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) return '(no profile written)';
  const prof = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { nodes: ProfileNode[] };
  rmSync(dir, { recursive: true, force: true });
  const byArea = new Map<string, number>();
  const byFn = new Map<string, number>();
  let total = 0;
  for (const n of prof.nodes) {
    const hits = n.hitCount ?? 0;
    if (hits === 0) continue;
    total += hits;
    const { functionName, url, lineNumber } = n.callFrame;
    const a = area(url, functionName);
    byArea.set(a, (byArea.get(a) ?? 0) + hits);
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/dist\//, 'dist/')}:${lineNumber + 1}`;
    byFn.set(key, (byFn.get(key) ?? 0) + hits);
  }
  const busy = total - (byArea.get('(idle)') ?? 0);
  const pct = (h: number, of: number) => `${((h / of) * 100).toFixed(1)}%`;
  const lines = [`Busy ${pct(busy, total)} of ${(total).toLocaleString('en-US')} samples (the rest idle, waiting for I/O or the load generator).`, '', 'Self time by area (share of busy samples):', ''];
  for (const [a, h] of [...byArea].filter(([a]) => a !== '(idle)').sort((x, y) => y[1] - x[1])) lines.push(`- ${a}: ${pct(h, busy)}`);
  lines.push('', 'Top 12 functions by self time:', '');
  for (const [f, h] of [...byFn].filter(([f]) => !f.startsWith('(idle)')).sort((x, y) => y[1] - x[1]).slice(0, 12)) lines.push(`- ${pct(h, busy)} ${f}`);
  return lines.join('\n');
}
