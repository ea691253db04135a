/**
 * Reconnect delays: exponential from `baseMs` to `maxMs` with "equal jitter" (half fixed, half
 * random), so that a thousand gateways behind one failed WAN do not reconnect in lockstep.
 * @example
 * const b = createBackoff({ baseMs: 1000, maxMs: 60_000, random: Math.random });
 * b.next(); // 500..1000
 * b.next(); // 1000..2000
 * b.reset();
 */
export function createBackoff(o: { baseMs: number; maxMs: number; random: () => number }) {
  let attempt = 0;
  return {
    /** The delay before the next attempt; each call doubles the ceiling up to `maxMs`. */
    next(): number {
      const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(attempt, 30));
      attempt++;
      return Math.round(ceiling / 2 + (ceiling / 2) * o.random());
    },
    /** Back to the first delay (after a successful connection). */
    reset(): void {
      attempt = 0;
    },
    /** Attempts since the last reset. */
    attempts(): number {
      return attempt;
    },
  };
}

/**
 * A reconnect schedule as returned by {@link createBackoff}.
 * @example
 * const b: Backoff = createBackoff({ baseMs: 1000, maxMs: 60_000, random: Math.random });
 */
export type Backoff = ReturnType<typeof createBackoff>;
