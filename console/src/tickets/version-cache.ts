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
  private version = -1;

  constructor(private readonly max: number) {}

  /** The value stored under `key` at this version, or undefined. */
  get(key: K, version: number): V | undefined {
    if (version !== this.version) return undefined;
    return this.entries.get(key);
  }

  /** Stores and returns `value` as of `version` (entries of any other version are dropped). */
  set(key: K, version: number, value: V): V {
    if (version !== this.version || this.entries.size >= this.max) {
      this.entries.clear();
      this.version = version;
    }
    this.entries.set(key, value);
    return value;
  }
}
