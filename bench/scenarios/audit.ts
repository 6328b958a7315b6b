/**
 * 7. Audit cost. There is no switch to turn the audit log off (SPEC rule 11: every change is
 * audited in its transaction), so this measures a representative mutation — lock the org,
 * replace a member's overrides — as a transaction with and without its `audit()` insert.
 */
import { audit } from '../../src/services/audit.js';
import { replaceOverrides } from '../../src/store/queries/member.queries.js';
import { inOrgTransaction } from '../../src/store/queries/org.queries.js';
import type { BenchDb } from '../lib/databases.js';
import type { DataSet } from '../lib/dataset.js';
import { fmt, type Row } from '../lib/report.js';
import { asyncLatencies } from '../lib/stats.js';

export async function auditScenario(db: BenchDb, ds: DataSet, opts: { n: number }): Promise<{ rows: Row[] }> {
  const ctx = { principal: { userId: ds.members[0]?.userId ?? '', sessionId: 'bench', platformRole: null }, ip: '127.0.0.1', requestId: 'bench' };
  const change = (withAudit: boolean) => (i: number) =>
    inOrgTransaction(db.db, ds.orgId, async (trx) => {
      const m = ds.members[1 + (i % (ds.members.length - 1))];
      const userId = m?.userId ?? '';
      const overrides = [{ permission: 'reports:read' as const, effect: (i % 2 ? 'allow' : 'deny') as 'allow' | 'deny' }];
      await replaceOverrides(trx, ds.orgId, userId, overrides);
      if (withAudit) {
        await audit(trx, ctx, new Date(), { orgId: ds.orgId, action: 'member.updated', targetType: 'user', targetId: userId, before: { overrides: m?.overrides ?? [] }, after: { overrides } });
      }
    });
  // Interleave the two so drift on a shared machine hits both alike.
  const rounds = 4;
  let on = 0;
  let off = 0;
  for (let r = 0; r < rounds; r++) {
    off += (await asyncLatencies(change(false), { n: Math.ceil(opts.n / rounds), warmup: 5 })).perSec;
    on += (await asyncLatencies(change(true), { n: Math.ceil(opts.n / rounds), warmup: 5 })).perSec;
  }
  const loss = 1 - on / off;
  return {
    rows: [
      {
        section: '7',
        figure: `mutation throughput, audit on vs off (${db.dialect})`,
        ours: fmt(on / rounds, 'tx/s'),
        peer: fmt(off / rounds, 'tx/s'),
        ratio: `−${(loss * 100).toFixed(1)}%`,
        target: '≤ 10% loss',
        pass: loss <= 0.1,
        note: 'no audit switch exists; measured as the same transaction (lock org, replace overrides) with and without its audit insert.',
      },
    ],
  };
}
