/**
 * A bounded LRU map whose entries remember when they were stored. Warm SCF instances live for
 * hours, so the bound is what keeps memory flat; the caller decides what age is "fresh" and what
 * age is still good enough to serve when the upstream is down, and entries older than `maxAgeMs`
 * are dropped on read.
 */
export class TtlCache<V> {
  // A Map iterates in insertion order: re-inserting on read makes the first key the least recently used.
  private readonly entries = new Map<string, { value: V; storedAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The key inserted last (the Map's last entry), or null: reading it again needs no reordering. */
  private newest: string | null = null;

  /** The value and its age in ms, or undefined when absent or older than maxAgeMs. */
  get(key: string): { value: V; ageMs: number } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const ageMs = this.now() - entry.storedAt;
    if (ageMs > this.maxAgeMs) {
      this.delete(key);
      return undefined;
    }
    if (key !== this.newest) {
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.newest = key;
    }
    return { value: entry.value, ageMs };
  }

  set(key: string, value: V): void {
    if (this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, storedAt: this.now() });
    this.newest = key;
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
    if (key === this.newest) this.newest = null;
  }

  /** Drops every entry whose key matches; O(n), fine for the rare invalidation. */
  deleteWhere(matches: (key: string) => boolean): void {
    for (const key of [...this.entries.keys()]) {
      if (matches(key)) this.delete(key);
    }
  }
}
