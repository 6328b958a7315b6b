/**
 * Ours vs Better Auth on its documented server API, same SQLite file, same members:
 * 1. `can()` (data loaded) vs `auth.api.hasPermission` (what an app calls per check);
 * 3. `authenticate()` vs `auth.api.getSession` (bearer), and a 50-row member page
 *    (`listMembers` + `loadGrants`) vs `auth.api.listMembers` — both checked for correctness
 *    past 100 members (pages 1–5 must hold 250 distinct members).
 */
import SQLite from 'better-sqlite3';
import { PRESETS } from '../../src/domain/presets/index.js';
import { authenticate } from '../../src/services/sessions.js';
import { loadGrants } from '../../src/store/queries/member.queries.js';
import { listMembers } from '../../src/store/queries/member-list.queries.js';
import type { BenchDb } from '../lib/databases.js';
import type { DataSet, MemberSpec } from '../lib/dataset.js';
import { benchDeps } from '../lib/deps.js';
import { questions } from '../lib/questions.js';
import { fmt, ratio, type Row } from '../lib/report.js';
import { asyncLatencies } from '../lib/stats.js';
import { createBetterAuth, fillBetterAuth } from '../peers/better-auth.js';

export interface BetterAuthOptions {
  n: number;
  oursChecksPerSec: number;
}

async function ourPage(db: BenchDb, orgId: string, after?: { key: string; userId: string }) {
  const rows = await listMembers(db.db, { orgId, sort: 'name', limit: 50, after });
  const grants = await loadGrants(db.db, orgId, rows.map((r) => r.user_id));
  const last = rows[rows.length - 1];
  return { items: rows.map((r) => ({ ...r, ...grants.get(r.user_id) })), next: last ? { key: last.search_key, userId: last.user_id } : undefined };
}

export async function betterAuthScenario(db: BenchDb, ds: DataSet, opts: BetterAuthOptions): Promise<{ rows: Row[]; notes: string[] }> {
  const path = db.url.slice('sqlite:'.length);
  const sqlite = new SQLite(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const auth = createBetterAuth(sqlite, PRESETS.pos.roles);
  const sessionUsers = ds.tokenUserIds.slice(0, 200).map((id) => ds.members.find((m) => m.userId === id) as MemberSpec);
  const t0 = Date.now();
  const ba = await fillBetterAuth(auth, sqlite, ds.members, sessionUsers);
  const fillMs = Date.now() - t0;
  const deps = benchDeps(db);
  const notes: string[] = [];

  // hasPermission: questions about the session users (Better Auth checks the caller's own role).
  const qs = questions(sessionUsers, ds.storeIds, 1024, 5);
  const hp = await asyncLatencies(async (i) => {
    const q = qs[i % qs.length] as (typeof qs)[number];
    const [mod, action] = q.permission.split(':') as [string, string];
    const headers = new Headers({ authorization: `Bearer ${ba.tokens[q.member]}` });
    return auth.api.hasPermission({ headers, body: { organizationId: ba.orgId, permissions: { [mod]: [action] } } });
  }, { n: opts.n });

  // Session validation.
  const oursSession = await asyncLatencies((i) => authenticate(deps, ds.tokens[i % 200] as string), { n: opts.n });
  const baSession = await asyncLatencies((i) => auth.api.getSession({ headers: new Headers({ authorization: `Bearer ${ba.tokens[i % ba.tokens.length]}` }) }), { n: opts.n });

  // 50-row pages, walking 5 pages (past 100 members) per round.
  const ownerHeaders = new Headers({ authorization: `Bearer ${ba.tokens[0]}` });
  let oursDistinct = 0;
  let baDistinct = 0;
  {
    const seen = new Set<string>();
    let after: { key: string; userId: string } | undefined;
    for (let p = 0; p < 5; p++) {
      const page = await ourPage(db, ds.orgId, after);
      for (const m of page.items) seen.add(m.user_id);
      after = page.next;
    }
    oursDistinct = seen.size;
    const seenBa = new Set<string>();
    for (let p = 0; p < 5; p++) {
      const page = await auth.api.listMembers({ headers: ownerHeaders, query: { organizationId: ba.orgId, limit: 50, offset: p * 50 } });
      for (const m of page.members) seenBa.add(m.userId);
    }
    baDistinct = seenBa.size;
  }
  const pageN = Math.max(20, Math.floor(opts.n / 5));
  const cursors: ({ key: string; userId: string } | undefined)[] = [undefined];
  {
    let after: { key: string; userId: string } | undefined;
    for (let p = 0; p < 20; p++) {
      after = (await ourPage(db, ds.orgId, after)).next;
      cursors.push(after);
    }
  }
  const oursList = await asyncLatencies((i) => ourPage(db, ds.orgId, cursors[i % cursors.length]), { n: pageN });
  const baList = await asyncLatencies((i) => auth.api.listMembers({ headers: ownerHeaders, query: { organizationId: ba.orgId, limit: 50, offset: (i % cursors.length) * 50 } }), { n: pageN });
  sqlite.close();

  const oursCheckP50us = 1e6 / opts.oursChecksPerSec;
  notes.push(
    `Better Auth ${'1.7'}: organization + access-control + bearer plugins on the same better-sqlite3 file; ${ds.members.length.toLocaleString('en-US')} members and ${sessionUsers.length} sessions bulk-inserted in its own row shapes (${fillMs} ms). It has no store scope, so hasPermission answers only the org-level role question; each call resolves the bearer session and the member row from the database, which is its documented per-request path. Pages walked past 100 members: ours ${oursDistinct}/250 distinct, Better Auth ${baDistinct}/250 distinct.`,
  );
  const r1 = opts.oursChecksPerSec / hp.perSec;
  const r3a = baSession.p50 / oursSession.p50;
  const r3b = baList.p50 / oursList.p50;
  return {
    notes,
    rows: [
      { section: '1', figure: 'checks/s, one core: ours vs Better Auth hasPermission', ours: fmt(opts.oursChecksPerSec, '/s'), peer: `${fmt(hp.perSec, '/s')} (p50 ${fmt(hp.p50 * 1000, 'µs')})`, ratio: ratio(r1), target: '≥ 100×', pass: r1 >= 100, note: `ours p50 ≈ ${fmt(oursCheckP50us, 'µs')} per check with data loaded; Better Auth's includes its two lookups (session, member).` },
      { section: '3', figure: 'session validation p50: authenticate() vs getSession', ours: fmt(oursSession.p50 * 1000, 'µs'), peer: fmt(baSession.p50 * 1000, 'µs'), ratio: ratio(r3a), target: '≥ 5×', pass: r3a >= 5 },
      { section: '3', figure: '50-row member page p50 (SQLite): listMembers+loadGrants vs listMembers', ours: fmt(oursList.p50, 'ms'), peer: fmt(baList.p50, 'ms'), ratio: ratio(r3b), target: '≥ 10×', pass: r3b >= 10 && oursDistinct === 250, note: `pages 1–5: ours ${oursDistinct}/250 distinct members, Better Auth ${baDistinct}/250; ours uses a keyset cursor, Better Auth limit/offset (pages 1–21 measured).` },
    ],
  };
}
