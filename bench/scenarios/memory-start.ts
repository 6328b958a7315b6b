/**
 * 8. Memory and start: RSS of `rolecall serve` idle on an empty database, RSS after serving
 * the full data set with 10,000 sessions each used once, and cold start to `/readyz`
 * (the build is done beforehand, so only start-up is timed).
 */
import type { BenchDb } from '../lib/databases.js';
import { sqliteDb } from '../lib/databases.js';
import type { DataSet } from '../lib/dataset.js';
import { rssMb, startServer } from '../lib/processes.js';
import { fmt, type Row } from '../lib/report.js';
import { quantile } from '../lib/stats.js';

const settle = () => new Promise((r) => setTimeout(r, 1000));

export async function memoryStartScenario(db: BenchDb, ds: DataSet, opts: { starts: number }): Promise<{ rows: Row[]; notes: string[] }> {
  const empty = await sqliteDb();
  const starts: number[] = [];
  let idle = Number.NaN;
  for (let i = 0; i < opts.starts; i++) {
    const s = await startServer(['bin/rolecall.mjs', 'serve', '--db', empty.url, '--port', '0']);
    starts.push(s.readyMs);
    if (i === 0) {
      await settle();
      idle = rssMb(s.pid);
    }
    await s.stop();
  }
  await empty.dispose();

  const s = await startServer(['bin/rolecall.mjs', 'serve', '--db', db.url, '--port', '0']);
  const tokens = ds.tokens.slice(0, 10_000);
  const conc = 8;
  await Promise.all(
    Array.from({ length: conc }, async (_, w) => {
      for (let i = w; i < tokens.length; i += conc) {
        const r = await fetch(`${s.url}/api/v1/me`, { headers: { authorization: `Bearer ${tokens[i]}` } });
        await r.arrayBuffer();
      }
    }),
  );
  await settle();
  const loaded = rssMb(s.pid);
  await s.stop();
  const cold = quantile(starts, 0.5);
  return {
    notes: [],
    rows: [
      { section: '8', figure: 'RSS idle (empty SQLite database)', ours: fmt(idle, 'MB'), peer: '', ratio: '', target: '≤ 80 MB', pass: idle <= 80 },
      { section: '8', figure: `RSS after serving ${fmt(ds.members.length)} members and ${fmt(tokens.length)} sessions (${db.dialect})`, ours: fmt(loaded, 'MB'), peer: '', ratio: '', target: '≤ 300 MB', pass: loaded <= 300, note: `every session used once through GET /api/v1/me (${db.dialect}).` },
      { section: '8', figure: `cold start to /readyz (median of ${starts.length})`, ours: fmt(cold, 'ms'), peer: `min ${fmt(Math.min(...starts), 'ms')}`, ratio: '', target: '≤ 500 ms', pass: cold <= 500, note: 'spawn of `node bin/rolecall.mjs serve --port 0` (already built) until /readyz answers 200.' },
    ],
  };
}
