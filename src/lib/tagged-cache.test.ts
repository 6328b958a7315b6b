import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TaggedCache } from './tagged-cache.js';

describe('TaggedCache', () => {
  it('drops every entry filed under an invalidated tag, and only those', () => {
    const c = new TaggedCache<string>(10);
    c.set('s1', 'ann', ['user:ann', 'org:o1'], c.mark(), 0);
    c.set('s2', 'bob', ['user:bob', 'org:o1'], c.mark(), 0);
    c.set('s3', 'cy', ['user:cy', 'org:o2'], c.mark(), 0);
    c.invalidate(['org:o1']);
    expect(c.get('s1')).toBeUndefined();
    expect(c.get('s2')).toBeUndefined();
    expect(c.get('s3')?.value).toBe('cy');
  });

  it('does not store what was read before a change to one of its tags arrived', () => {
    const c = new TaggedCache<string>(10);
    const mark = c.mark();
    c.invalidate(['org:o1']); // committed while the load was reading
    expect(c.set('o1', 'old roles', ['org:o1'], mark, 0)).toBe(false);
    expect(c.get('o1')).toBeUndefined();
    // A load that starts after the change stores.
    expect(c.set('o1', 'new roles', ['org:o1'], c.mark(), 0)).toBe(true);
  });

  it('a change to another tag does not stop a load from storing', () => {
    const c = new TaggedCache<string>(10);
    const mark = c.mark();
    c.invalidate(['org:o2']);
    expect(c.set('o1', 'roles', ['org:o1'], mark, 0)).toBe(true);
  });

  it('after a flush nothing read before it is stored or kept', () => {
    const c = new TaggedCache<string>(10);
    c.set('a', 'x', ['t'], c.mark(), 0);
    const mark = c.mark();
    c.flush();
    expect(c.get('a')).toBeUndefined();
    expect(c.set('b', 'y', ['u'], mark, 0)).toBe(false);
  });

  it('stays within its bound, dropping the oldest', () => {
    const c = new TaggedCache<number>(3);
    for (let i = 0; i < 5; i++) c.set(`k${i}`, i, [`t${i}`], c.mark(), 0);
    expect(c.size).toBe(3);
    expect(c.get('k0')).toBeUndefined();
    expect(c.get('k4')?.value).toBe(4);
    c.invalidate(['t0', 't1']); // tags of evicted entries: nothing breaks
    expect(c.size).toBe(3);
  });

  it('property: a stored value is never older than the last invalidation of its tags', () => {
    // A model of loads racing changes: each tag has a version; a load reads the versions at its
    // mark and stores later. Whatever the interleaving, a value found in the cache is current.
    type Op = { kind: 'change'; tag: number } | { kind: 'start'; key: number } | { kind: 'finish'; slot: number } | { kind: 'read'; key: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('change' as const), tag: fc.integer({ min: 0, max: 2 }) }),
      fc.record({ kind: fc.constant('start' as const), key: fc.integer({ min: 0, max: 3 }) }),
      fc.record({ kind: fc.constant('finish' as const), slot: fc.nat() }),
      fc.record({ kind: fc.constant('read' as const), key: fc.integer({ min: 0, max: 3 }) }),
    );
    // Key k depends on tags k % 3 and (k + 1) % 3.
    const tagsOf = (k: number) => [`t${k % 3}`, `t${(k + 1) % 3}`];
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const c = new TaggedCache<number[]>(10);
        const versions = [0, 0, 0];
        const inFlight: { key: number; mark: number; read: number[] }[] = [];
        const snapshot = (k: number) => tagsOf(k).map((t) => versions[Number(t.slice(1))] as number);
        for (const o of ops) {
          if (o.kind === 'change') {
            versions[o.tag] = (versions[o.tag] as number) + 1;
            c.invalidate([`t${o.tag}`]);
          } else if (o.kind === 'start') {
            inFlight.push({ key: o.key, mark: c.mark(), read: snapshot(o.key) });
          } else if (o.kind === 'finish' && inFlight.length > 0) {
            const [load] = inFlight.splice(o.slot % inFlight.length, 1);
            if (load) c.set(`k${load.key}`, load.read, tagsOf(load.key), load.mark, 0);
          } else if (o.kind === 'read') {
            const hit = c.get(`k${o.key}`);
            if (hit) expect(hit.value).toEqual(snapshot(o.key));
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
