import { CompiledQuery, type RootOperationNode } from 'kysely';
import { createDb } from './src/store/dialect.js';
import { listMembers } from './src/store/queries/member-list.queries.js';
const [url, term] = [process.env.URL!, process.env.TERM_!];
const h = createDb(url);
const nodes: RootOperationNode[] = [];
const spy = h.db.withPlugin({ transformQuery: (a) => { nodes.push(a.node); return a.node; }, transformResult: async (a) => a.result });
await listMembers(spy, { orgId: 'org_main', search: term, sort: 'name', limit: 51 });
const prefix = url.startsWith('sqlite') ? 'explain query plan ' : 'explain (analyze, buffers) ';
for (const node of nodes) {
  const c = h.db.getExecutor().compileQuery(node, { queryId: 'x' } as never);
  console.log('---', c.sql);
  const res = await h.db.executeQuery(CompiledQuery.raw(prefix + c.sql, [...c.parameters]));
  for (const r of res.rows as Record<string, unknown>[]) console.log(String(r['QUERY PLAN'] ?? r.detail));
}
await h.close();
