/**
 * Timing helpers. Absolute numbers on a shared 2-core machine are noise, so every scenario
 * measures ours and the peer in the same process, back to back, and reports the ratio.
 */

/** The q-quantile (0..1) of `xs` (sorted copy; nearest-rank). */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] as number;
}

const nowNs = () => Number(process.hrtime.bigint());

/**
 * Throughput and per-call p50 of a synchronous function. Calls are timed in batches of `batch`
 * because one `hrtime` read costs about as much as the sub-microsecond calls being measured;
 * the p50 is the median of the batch means (ns per call).
 */
export function syncBench(fn: (i: number) => unknown, opts: { ms: number; batch?: number; warmupMs?: number }) {
  const batch = opts.batch ?? 256;
  let sink = 0;
  const run = (until: number, samples: number[] | null) => {
    let i = 0;
    while (nowNs() < until) {
      const t0 = nowNs();
      for (let k = 0; k < batch; k++) if (fn(i++)) sink++;
      samples?.push((nowNs() - t0) / batch);
    }
    return i;
  };
  run(nowNs() + (opts.warmupMs ?? Math.min(500, opts.ms / 2)) * 1e6, null);
  const samples: number[] = [];
  const t0 = nowNs();
  const calls = run(t0 + opts.ms * 1e6, samples);
  const elapsed = nowNs() - t0;
  return { opsPerSec: (calls / elapsed) * 1e9, p50ns: quantile(samples, 0.5), sink };
}

/** Latencies (ms) of an async function called one at a time, after `warmup` calls. */
export async function asyncLatencies(fn: (i: number) => Promise<unknown>, opts: { n: number; warmup?: number; maxMs?: number }) {
  for (let i = 0; i < (opts.warmup ?? Math.min(50, opts.n)); i++) await fn(i);
  const out: number[] = [];
  const stopAt = Date.now() + (opts.maxMs ?? 60_000);
  const t0 = nowNs();
  for (let i = 0; i < opts.n && Date.now() < stopAt; i++) {
    const s = nowNs();
    await fn(i);
    out.push((nowNs() - s) / 1e6);
  }
  const seconds = (nowNs() - t0) / 1e9;
  return { samples: out, p50: quantile(out, 0.5), p95: quantile(out, 0.95), p99: quantile(out, 0.99), perSec: out.length / seconds };
}

/** A small deterministic PRNG so every run (and both sides of a comparison) asks the same questions. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
