import { createDb } from './src/store/dialect.js';
import { listMembers } from './src/store/queries/member-list.queries.js';
const terms = (process.env.TERMS ?? 'tanaka,rossi,ada,zhang quinn,.4217@,priya.moreau,bench.example,hana.').split(',');
for (const url of ['sqlite:/tmp/scratch/bench.db', 'postgres://postgres@127.0.0.1:5432/rc_scratch']) {
  const h = createDb(url);
  for (const t of terms) {
    const q = { orgId: 'org_main', search: t, sort: 'name' as const, limit: 51 };
    for (let i = 0; i < 5; i++) await listMembers(h.db, q);
    const times: number[] = [];
    let n = 0;
    for (let i = 0; i < 30; i++) { const s = performance.now(); n = (await listMembers(h.db, q)).length; times.push(performance.now() - s); }
    times.sort((a, b) => a - b);
    console.log(url.slice(0, 6), t.padEnd(14), 'rows', n, 'p50', times[15]?.toFixed(2), 'max', times[29]?.toFixed(2));
  }
  await h.close();
}
