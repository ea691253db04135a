/**
 * A tiny cache of serialised responses, valid while the data version is unchanged and within the
 * same `ttlMs` time bucket (SLA remaining times are shown to the second, so a one-second bucket
 * never shows a stale state, only the same second twice). Many NOC screens polling the same list
 * then cost one evaluation per second instead of one per screen.
 * @example
 * const cache = new MicroCache(1000, Date.now);
 * const body = cache.get(url, repo.version) ?? cache.set(url, repo.version, render());
 */
export class MicroCache {
  private readonly entries = new Map<string, { version: number; bucket: number; value: string }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
    private readonly max = 200,
  ) {}

  private bucket(): number {
    return Math.floor(this.now() / this.ttlMs);
  }

  /** The cached value, or undefined (also always when `ttlMs` is 0). */
  get(key: string, version: number): string | undefined {
    if (this.ttlMs <= 0) return undefined;
    const e = this.entries.get(key);
    return e && e.version === version && e.bucket === this.bucket() ? e.value : undefined;
  }

  /** Stores and returns `value`. */
  set(key: string, version: number, value: string): string {
    if (this.ttlMs <= 0) return value;
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, { version, bucket: this.bucket(), value });
    return value;
  }
}
