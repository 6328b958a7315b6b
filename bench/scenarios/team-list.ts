/**
 * 5. Team list at 100,000 members: a keyset page of 50 (rows + their grants, what the API
 * returns), name and email search, role and store filters — p95, on each database. When a
 * target is missed the query plan is captured for the report.
 */
import { CompiledQuery, type RootOperationNode } from 'kysely';
import type { Db } from '../../src/store/database.js';
import { loadGrants } from '../../src/store/queries/member.queries.js';
import { listMembers, type MemberListQuery } from '../../src/store/queries/member-list.queries.js';
import type { BenchDb } from '../lib/databases.js';
import type { DataSet } from '../lib/dataset.js';
import { fmt, type Row } from '../lib/report.js';
import { asyncLatencies, rng } from '../lib/stats.js';

async function page(db: Db, q: MemberListQuery) {
  const rows = await listMembers(db, q);
  await loadGrants(db, q.orgId, rows.map((r) => r.user_id));
  return rows;
}

/** The plans of the list's statements, as text: each statement Kysely compiles, prefixed with EXPLAIN. */
async function explain(db: BenchDb, q: MemberListQuery): Promise<string> {
  const nodes: RootOperationNode[] = [];
  const spy = db.db.withPlugin({
    transformQuery: (a) => {
      nodes.push(a.node);
      return a.node;
    },
    transformResult: async (a) => a.result,
  });
  await listMembers(spy, q);
  const prefix = db.dialect === 'postgres' ? 'explain (analyze, costs off) ' : 'explain query plan ';
  const plans: string[] = [];
  for (const node of nodes) {
    const compiled = db.db.getExecutor().compileQuery(node, { queryId: 'explain' } as never);
    const res = await db.db.executeQuery(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
    plans.push((res.rows as Record<string, unknown>[]).map((r) => String(r['QUERY PLAN'] ?? r.detail ?? JSON.stringify(r))).join('\n'));
  }
  return plans.join('\n--- next statement ---\n') || '(no plan)';
}

export async function teamListScenario(db: BenchDb, ds: DataSet, opts: { n: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const r = rng(13);
  const base = { orgId: ds.orgId, sort: 'name' as const, limit: 50 };
  // Cursors spread over the whole list (keyset: deep pages cost the same as the first).
  const all = await db.db.selectFrom('memberships').select(['search_key', 'user_id']).where('org_id', '=', ds.orgId).orderBy('search_key').orderBy('user_id').execute();
  const cursors = Array.from({ length: 64 }, () => all[Math.floor(r() * all.length)]).map((c) => (c ? { key: c.search_key, userId: c.user_id } : undefined));
  const names = ['tanaka', 'rossi', 'ada', 'zhang quinn'];
  const emails = ['.4217@', 'priya.moreau', 'bench.example', 'hana.'];
  const roles = ['store_manager', 'cashier', 'org_manager', 'stocker'];
  const cases: { figure: string; target: number; q: (i: number) => MemberListQuery }[] = [
    { figure: 'keyset page of 50 p95', target: 5, q: (i) => ({ ...base, after: cursors[i % cursors.length] }) },
    { figure: 'name search p95', target: 20, q: (i) => ({ ...base, search: names[i % names.length] }) },
    { figure: 'email search p95', target: 20, q: (i) => ({ ...base, search: emails[i % emails.length] }) },
    { figure: 'role filter p95', target: 20, q: (i) => ({ ...base, role: roles[i % roles.length], after: cursors[i % cursors.length] }) },
    { figure: 'store filter p95', target: 20, q: (i) => ({ ...base, storeId: ds.storeIds[i % ds.storeIds.length], after: cursors[i % cursors.length] }) },
  ];
  const rows: Row[] = [];
  const notes: string[] = [];
  for (const c of cases) {
    const res = await asyncLatencies((i) => page(db.db, c.q(i)), { n: opts.n, warmup: 10, maxMs: 30_000 });
    const pass = res.p95 <= c.target;
    rows.push({ section: '5', figure: `${c.figure} (${db.dialect}, ${fmt(ds.members.length)} members)`, ours: fmt(res.p95, 'ms'), peer: `p50 ${fmt(res.p50, 'ms')}`, ratio: '', target: `≤ ${c.target} ms`, pass });
    if (!pass) {
      const plan = await explain(db, c.q(1)).catch((e: Error) => `(explain failed: ${e.message})`);
      notes.push(`Team list ${c.figure} (${db.dialect}) missed: p95 ${fmt(res.p95, 'ms')}. Query plan:\n\n\`\`\`\n${plan}\n\`\`\``);
    }
  }
  return { rows, notes };
}
