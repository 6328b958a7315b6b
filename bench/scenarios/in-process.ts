/**
 * 1. In-process check, warm: `can()` vs casbin, CASL (and Better Auth, in its own scenario
 * because it needs a session and a database). Ours runs on the OrgContext and Subjects loaded
 * by the API's own loaders (`loadOrg`, `loadGrants`).
 */
import { allows, can } from '../../src/domain/policy.js';
import type { OrgContext, Subject } from '../../src/domain/types.js';
import { loadOrg } from '../../src/services/access.js';
import type { Db } from '../../src/store/database.js';
import { loadGrants } from '../../src/store/queries/member.queries.js';
import { casbinDomain, casbinEnforcer } from '../peers/casbin.js';
import { caslAbility, storeObject } from '../peers/casl.js';
import type { DataSet, MemberSpec } from '../lib/dataset.js';
import { planMembers } from '../lib/dataset.js';
import { type Question, questions } from '../lib/questions.js';
import { fmt, ratio, type Row } from '../lib/report.js';
import { syncBench } from '../lib/stats.js';

export interface InProcessOptions {
  ms: number;
  sample: number;
  /** Member counts compared for "cost must not grow with the data". */
  small: number;
  large: number;
}

export interface InProcessResult {
  rows: Row[];
  oursOpsPerSec: number;
  oursP50ns: number;
  notes: string[];
}

/** Subjects loaded the way the API loads them. */
async function loadSubjects(db: Db, orgId: string, members: readonly MemberSpec[]): Promise<Subject[]> {
  const out: Subject[] = [];
  for (let i = 0; i < members.length; i += 500) {
    const ids = members.slice(i, i + 500).map((m) => m.userId);
    const grants = await loadGrants(db, orgId, ids);
    for (const id of ids) {
      const g = grants.get(id);
      out.push({ userId: id, userStatus: 'active', membershipStatus: 'active', assignments: g?.assignments ?? [], overrides: g?.overrides ?? [] });
    }
  }
  return out;
}

const subjectOf = (m: MemberSpec): Subject => ({ userId: m.userId, userStatus: 'active', membershipStatus: 'active', assignments: m.assignments, overrides: m.overrides });

/**
 * Ours answers like the peers do: a boolean (`allows`, the same decision as `can` without
 * building reasons; a property test pins them together). `can` with reasons is measured too.
 */
function runOurs(org: OrgContext, subjects: readonly Subject[], qs: readonly Question[], ms: number, withReasons = false) {
  const mask = qs.length - 1;
  return syncBench((i) => {
    const q = qs[i & mask] as Question;
    const subject = subjects[q.member] as Subject;
    return withReasons ? can(org, subject, q.permission, q.storeId).allowed : allows(org, subject, q.permission, q.storeId);
  }, { ms });
}

export async function inProcess(db: Db, ds: DataSet, opts: InProcessOptions): Promise<InProcessResult> {
  const notes: string[] = [];
  const loaded = await loadOrg(db, ds.orgId);
  if (!loaded) throw new Error('bench org missing');
  const org = loaded.ctx;
  // The sample of members asked about; the full data set is loaded into casbin (policy) below.
  const step = Math.max(1, Math.floor(ds.members.length / opts.sample));
  const sample = ds.members.filter((_, i) => i % step === 0).slice(0, opts.sample);
  const subjects = await loadSubjects(db, ds.orgId, sample);
  const qs = questions(sample, ds.storeIds, 4096, 42);
  const mask = qs.length - 1;

  const ours = runOurs(org, subjects, qs, opts.ms);
  const explained = runOurs(org, subjects, qs, opts.ms, true);

  // casbin over the whole data set (every member's grouping lines and overrides).
  const t0 = Date.now();
  const { enforcer, lines } = await casbinEnforcer(loaded.roles, ds.members);
  const casbinLoad = Date.now() - t0;
  const cas = syncBench((i) => {
    const q = qs[i & mask] as Question;
    return enforcer.enforceSync((sample[q.member] as MemberSpec).userId, casbinDomain(q.storeId), q.permission);
  }, { ms: opts.ms, batch: 16 });

  // CASL: one prebuilt ability per asked-about member.
  const abilities = sample.map((m) => caslAbility(org.roles, m));
  const stores = new Map(ds.storeIds.map((s) => [s, storeObject(s)]));
  const caslCheck = (q: Question) => {
    const ability = abilities[q.member];
    return q.storeId === undefined ? ability?.can(q.permission, 'Org') : ability?.can(q.permission, stores.get(q.storeId) as ReturnType<typeof storeObject>);
  };
  const casl = syncBench((i) => caslCheck(qs[i & mask] as Question), { ms: opts.ms });

  // Fairness: every engine must give the same answers to the same questions.
  let casbinAgree = 0;
  let caslAgree = 0;
  // casbin answers in milliseconds at 100,000 members, so its agreement is checked on the first 256.
  const casbinChecked = 256;
  for (const [k, q] of qs.entries()) {
    const mine = can(org, subjects[q.member] as Subject, q.permission, q.storeId).allowed;
    if (k < casbinChecked && enforcer.enforceSync((sample[q.member] as MemberSpec).userId, casbinDomain(q.storeId), q.permission) === mine) casbinAgree++;
    if (caslCheck(q) === mine) caslAgree++;
  }
  const allowedShare = qs.filter((q) => can(org, subjects[q.member] as Subject, q.permission, q.storeId).allowed).length / qs.length;
  notes.push(
    `In-process check: ${qs.length} questions over ${sample.length} members (${Math.round(allowedShare * 100)}% allowed). Agreement with can(): casbin ${((casbinAgree / casbinChecked) * 100).toFixed(1)}% (of ${casbinChecked}), CASL ${((caslAgree / qs.length) * 100).toFixed(1)}%. casbin holds the full data set (${lines.toLocaleString('en-US')} policy/grouping lines, loaded in ${casbinLoad} ms); CASL abilities are prebuilt per member.`,
  );

  // Growth with data: in-memory subject sets of `small` and `large` members, same kind of questions.
  const growth: Record<'small' | 'large', number> = { small: Number.NaN, large: Number.NaN };
  for (const size of ['small', 'large'] as const) {
    const n = opts[size];
    const people = planMembers(`g${n}`, n, ds.storeIds, 99);
    const subs = people.map(subjectOf);
    const gq = questions(people, ds.storeIds, 1 << 16, 7);
    growth[size] = runOurs(org, subs, gq, opts.ms).p50ns;
  }
  const growthRatio = growth.large / growth.small;

  const rows: Row[] = [
    { section: '1', figure: 'checks/s, one core: ours vs casbin', ours: fmt(ours.opsPerSec, '/s'), peer: fmt(cas.opsPerSec, '/s'), ratio: ratio(ours.opsPerSec / cas.opsPerSec), target: '≥ 20×', pass: ours.opsPerSec / cas.opsPerSec >= 20 },
    { section: '1', figure: 'checks/s, one core: ours vs CASL', ours: fmt(ours.opsPerSec, '/s'), peer: fmt(casl.opsPerSec, '/s'), ratio: ratio(ours.opsPerSec / casl.opsPerSec), target: '≥ 3×', pass: ours.opsPerSec / casl.opsPerSec >= 3 },
    {
      section: '1',
      figure: 'checks/s with reasons: can() vs CASL (informational)',
      ours: fmt(explained.opsPerSec, '/s'),
      peer: fmt(casl.opsPerSec, '/s'),
      ratio: ratio(explained.opsPerSec / casl.opsPerSec),
      target: '—',
      pass: null,
    },
    { section: '1', figure: 'check p50 (ours)', ours: fmt(ours.p50ns / 1000, 'µs'), peer: `casbin ${fmt(cas.p50ns / 1000, 'µs')}, CASL ${fmt(casl.p50ns / 1000, 'µs')}`, ratio: '', target: '≤ 2 µs', pass: ours.p50ns <= 2000 },
    {
      section: '1',
      figure: `check p50 at ${fmt(opts.large)} vs ${fmt(opts.small)} memberships`,
      ours: fmt(growth.large, 'ns'),
      peer: fmt(growth.small, 'ns'),
      ratio: ratio(growthRatio),
      target: '≤ 1.5×',
      pass: growthRatio <= 1.5,
      note: `in-memory Subject sets; questions spread over all ${fmt(opts.large)} members, so the large set also measures cache misses.`,
    },
  ];
  return { rows, oursOpsPerSec: ours.opsPerSec, oursP50ns: ours.p50ns, notes };
}

