import type { Clock } from '@pbxwatch/core/protocol';

/**
 * A token bucket: `burst` tokens, refilled at `perSecond`; each publish takes one.
 * @example
 * const bucket = new TokenBucket({ perSecond: 50, burst: 500 }, clock);
 * if (!bucket.take()) refuse();
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: { perSecond: number; burst: number },
    private readonly clock: Clock,
  ) {
    this.tokens = rate.burst;
    this.last = clock.now();
  }

  /** Takes one token; false if the bucket is empty. */
  take(): boolean {
    const now = this.clock.now();
    // max(0, …) so a clock that steps backwards never drains the bucket
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.rate.burst, this.tokens + (elapsed * this.rate.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
