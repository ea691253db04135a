import type { Clock } from '@pbxwatch/core/protocol';

/**
 * Settings of {@link LoginThrottle}.
 * @example
 * const o: LoginThrottleOptions = { baseDelayMs: 250, maxDelayMs: 10_000, forgetAfterMs: 600_000, maxAddresses: 10_000 };
 */
export interface LoginThrottleOptions {
  /** Delay after the first failure, doubled for each further one. */
  baseDelayMs: number;
  /** Upper bound of the delay. */
  maxDelayMs: number;
  /** An address with no failure for this long starts again from zero. */
  forgetAfterMs: number;
  /** Addresses remembered at most (oldest forgotten first), so a spray of addresses cannot exhaust memory. */
  maxAddresses: number;
}

/**
 * Slows down failed logins per remote address: the n-th failure in a row waits
 * `min(base * 2^(n-1), max)` before its CONNACK goes out. Success does not reset the count, so a
 * guesser who also holds one valid credential gains nothing from it.
 * @example
 * const throttle = new LoginThrottle({ baseDelayMs: 250, maxDelayMs: 10_000, forgetAfterMs: 600_000, maxAddresses: 10_000 }, clock);
 * const wait = throttle.fail('203.0.113.7'); // 250, then 500, 1000...
 */
export class LoginThrottle {
  private readonly failures = new Map<string, { count: number; last: number }>();

  constructor(
    private readonly options: LoginThrottleOptions,
    private readonly clock: Clock,
  ) {}

  /** Records a failure from `address` and returns how long to wait before answering it. */
  fail(address: string): number {
    const now = this.clock.now();
    const prev = this.failures.get(address);
    const count = prev && now - prev.last < this.options.forgetAfterMs ? prev.count + 1 : 1;
    this.failures.delete(address);
    if (this.failures.size >= this.options.maxAddresses) {
      const oldest = this.failures.keys().next();
      if (!oldest.done) this.failures.delete(oldest.value);
    }
    this.failures.set(address, { count, last: now });
    if (this.options.baseDelayMs <= 0) return 0;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** Math.min(count - 1, 30));
  }

  /** Failures in a row currently held against `address`. */
  count(address: string): number {
    const prev = this.failures.get(address);
    return prev && this.clock.now() - prev.last < this.options.forgetAfterMs ? prev.count : 0;
  }
}
