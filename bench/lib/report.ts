/**
 * The result table (`bench/results/latest.md` / `latest.json`) and the machine it ran on.
 * A row's `pass` is null when there is nothing to compare (n/a, or a peer could not be run).
 */
import { cpus, totalmem } from 'node:os';

export interface Row {
  section: string;
  figure: string;
  ours: string;
  peer: string;
  ratio: string;
  target: string;
  pass: boolean | null;
  note?: string;
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGb: number;
  node: string;
  platform: string;
  date: string;
}

export function machine(): Machine {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    date: new Date().toISOString(),
  };
}

/** Numbers for people: 3 significant digits, thousands separated. */
export function fmt(n: number, unit = ''): string {
  if (!Number.isFinite(n)) return 'n/a';
  const abs = Math.abs(n);
  const s = abs >= 1000 ? Math.round(n).toLocaleString('en-US') : abs >= 100 ? n.toFixed(0) : abs >= 10 ? n.toFixed(1) : abs >= 1 ? n.toFixed(2) : n.toPrecision(3);
  return unit ? `${s} ${unit}` : s;
}

export function ratio(n: number): string {
  return Number.isFinite(n) ? `${fmt(n)}×` : 'n/a';
}

const mark = (p: boolean | null) => (p === null ? '—' : p ? 'pass' : '**FAIL**');

export function renderMarkdown(rows: readonly Row[], m: Machine, opts: { quick: boolean; notes: readonly string[]; seconds: number }): string {
  const out: string[] = [];
  out.push(`# Rolecall benchmark results${opts.quick ? ' (quick run)' : ''}`, '');
  out.push(`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB RAM, Node ${m.node}, ${m.platform}. Run: ${m.date} (${Math.round(opts.seconds)} s).`, '');
  if (opts.quick) out.push('Quick mode: a smaller data set and shorter runs. Timing never fails the build; only the full run is the result.', '');
  out.push('| # | figure | ours | peer | ratio | target | result |', '|---|---|---|---|---|---|---|');
  for (const r of rows) out.push(`| ${r.section} | ${r.figure} | ${r.ours} | ${r.peer} | ${r.ratio} | ${r.target} | ${mark(r.pass)} |`);
  const passed = rows.filter((r) => r.pass === true).length;
  const failed = rows.filter((r) => r.pass === false).length;
  out.push('', `${passed} met, ${failed} missed, ${rows.length - passed - failed} not applicable.`, '');
  const withNotes = rows.filter((r) => r.note);
  if (withNotes.length > 0) {
    out.push('## Notes per row', '');
    for (const r of withNotes) out.push(`- **${r.section} ${r.figure}**: ${r.note}`);
    out.push('');
  }
  if (opts.notes.length > 0) {
    out.push('## Findings', '');
    for (const n of opts.notes) out.push(n, '');
  }
  return `${out.join('\n')}\n`;
}
