/**
 * A bounded map whose entries are filed under tags ("org:o1", "user:u7") and dropped when one
 * of their tags is invalidated. Pure: no I/O, no clock of its own (callers pass `now`).
 *
 * The race it closes: a load reads the database, a change commits and its invalidation arrives,
 * then the load stores what it read — now older than the change. So a load takes a `mark()`
 * before it reads, and `set` refuses to store when any of the entry's tags was invalidated
 * after that mark (or everything was flushed): the caller uses what it read for its own request
 * and the next one reads again.
 */
export interface CacheEntry<V> {
  value: V;
  tags: readonly string[];
  /** When the entry was last known current (the caller's monotonic ms). */
  checkedAt: number;
}

/** Past this many remembered invalidations the memory starts over: loads in flight then just don't store. */
const MAX_REMEMBERED = 10_000;

export class TaggedCache<V> {
  private readonly entries = new Map<string, CacheEntry<V>>();
  private readonly byTag = new Map<string, Set<string>>();
  private readonly invalidatedAt = new Map<string, number>();
  private epoch = 0;
  /** Loads marked before this are not stored (a flush, or forgotten invalidations). */
  private floor = 0;
  readonly stats = { hits: 0, misses: 0, rechecks: 0, invalidations: 0, flushes: 0 };

  constructor(private readonly maxEntries: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Take before reading what will be stored; pass to `set`. */
  mark(): number {
    return this.epoch;
  }

  get(key: string): CacheEntry<V> | undefined {
    return this.entries.get(key);
  }

  /** True when none of the tags changed since the mark. */
  unchangedSince(tags: readonly string[], mark: number): boolean {
    if (mark < this.floor) return false;
    for (const t of tags) if ((this.invalidatedAt.get(t) ?? -1) > mark) return false;
    return true;
  }

  /** Stores the value unless a tag changed since `mark`; says whether it did. */
  set(key: string, value: V, tags: readonly string[], mark: number, now: number): boolean {
    if (!this.unchangedSince(tags, mark)) return false;
    this.delete(key);
    if (this.entries.size >= this.maxEntries) this.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, tags, checkedAt: now });
    for (const t of tags) {
      let keys = this.byTag.get(t);
      if (!keys) {
        keys = new Set();
        this.byTag.set(t, keys);
      }
      keys.add(key);
    }
    return true;
  }

  delete(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.entries.delete(key);
    for (const t of e.tags) {
      const keys = this.byTag.get(t);
      keys?.delete(key);
      if (keys?.size === 0) this.byTag.delete(t);
    }
  }

  invalidate(tags: readonly string[]): void {
    this.epoch++;
    if (this.invalidatedAt.size + tags.length > MAX_REMEMBERED) {
      this.invalidatedAt.clear();
      this.floor = this.epoch;
    }
    for (const t of tags) {
      this.invalidatedAt.set(t, this.epoch);
      const keys = this.byTag.get(t);
      if (!keys) continue;
      for (const k of [...keys]) {
        this.delete(k);
        this.stats.invalidations++;
      }
    }
  }

  flush(): void {
    this.entries.clear();
    this.byTag.clear();
    this.invalidatedAt.clear();
    this.epoch++;
    this.floor = this.epoch;
    this.stats.flushes++;
  }
}
