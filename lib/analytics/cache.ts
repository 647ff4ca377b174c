/**
 * Answers by (query, data version). Entries hold promises, so identical requests that
 * arrive together share one computation. When a request sees a new data version the
 * whole cache is dropped: nothing older can be asked for again.
 */
export class AnswerCache<T> {
  private readonly entries = new Map<string, Promise<T>>();
  private version: number | null = null;

  constructor(private readonly maxEntries = 500) {}

  /** The cached promise for `key` at `dataVersion`, or a new one from `compute`. */
  getOrCompute(dataVersion: number, key: string, compute: () => Promise<T>): { value: Promise<T>; hit: boolean } {
    if (this.version !== dataVersion) {
      this.entries.clear();
      this.version = dataVersion;
    }
    const existing = this.entries.get(key);
    if (existing) {
      this.entries.delete(key);
      this.entries.set(key, existing);
      return { value: existing, hit: true };
    }
    const value = compute();
    this.entries.set(key, value);
    // A failed computation is not an answer: the next request tries again.
    value.catch(() => {
      if (this.entries.get(key) === value) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return { value, hit: false };
  }

  get size(): number {
    return this.entries.size;
  }
}
