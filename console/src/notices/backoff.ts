/**
 * Retry policy of the delivery queue.
 * @example
 * const p: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 12, jitter: 0.2 };
 */
export interface RetryPolicy {
  /** Delay after the first failure. */
  baseMs: number;
  /** Cap of any delay. */
  maxMs: number;
  /** Attempts in all; after the last one fails the notice is `failed-permanent`. */
  maxAttempts: number;
  /** Share of the delay taken off at random (0..1), so retries from one outage spread out. */
  jitter: number;
}

/**
 * Delay before the next attempt after `attempts` failed ones: exponential (base × 2^(attempts−1)),
 * capped, minus up to `jitter` of it at random ("equal jitter" keeps a floor, so a receiver that
 * is down is not hammered). `random` returns [0, 1).
 * @example
 * retryDelay(1, { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 12, jitter: 0 }, Math.random); // 30000
 * retryDelay(20, { baseMs: 30_000, maxMs: 3_600_000, maxAttempts: 12, jitter: 0 }, Math.random); // 3600000
 */
export function retryDelay(attempts: number, policy: RetryPolicy, random: () => number): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(exp * (1 - policy.jitter * random()));
}
