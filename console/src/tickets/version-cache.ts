/**
 * Values derived from stored data alone (never from the time), kept while the data version
 * (`TicketRepo.version`, bumped by every ticket write) is unchanged; a new version drops them all.
 * At most `max` entries are kept (then everything is dropped): the keys are request-shaped, so
 * their number is up to the callers.
 * @example
 * const counts = new VersionCache<string, number>(500);
 * const n = counts.get(key, repo.version) ?? counts.set(key, repo.version, countNow());
 */
export class VersionCache<K, V> {
  private readonly entries = new Map<K, V>();
  private readonly missed = new Set<K>();
  private version = -1;

  constructor(private readonly max: number) {}

  private roll(version: number): void {
    if (version === this.version) return;
    this.entries.clear();
    this.missed.clear();
    this.version = version;
  }

  /** The value stored under `key` at this version, or undefined. */
  get(key: K, version: number): V | undefined {
    if (version !== this.version) return undefined;
    return this.entries.get(key);
  }

  /** Stores and returns `value` as of `version` (entries of any other version are dropped). */
  set(key: K, version: number, value: V): V {
    this.roll(version);
    if (this.entries.size >= this.max) this.entries.clear();
    this.entries.set(key, value);
    return value;
  }

  /**
   * Records that `key` had no value at this version; true when that happened before, i.e. the
   * value is asked for again and worth keeping. Keeping what is asked for once per version (every
   * request while tickets change between requests, or a walk through many pages) would only add
   * the work of keeping it and garbage for the collector.
   * @example
   * if (cache.missedBefore(key, v)) cache.set(key, v, value);
   */
  missedBefore(key: K, version: number): boolean {
    this.roll(version);
    if (this.missed.has(key)) return true;
    if (this.missed.size >= this.max) this.missed.clear();
    this.missed.add(key);
    return false;
  }
}
