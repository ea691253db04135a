/**
 * Fixed-window attempt counter per key (login attempts per client IP).
 * @example
 * const rl = new RateLimiter(10, 300_000, () => Date.now());
 * if (!rl.hit(ip)) return c.text('too many attempts', 429);
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Counts one attempt; false when the key is over its limit in the current window. */
  hit(key: string): boolean {
    const at = this.now();
    let w = this.windows.get(key);
    if (!w || at - w.start >= this.windowMs) {
      if (this.windows.size > 50_000) this.sweep(at);
      w = { start: at, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count <= this.max;
  }

  /** Seconds until the key may try again (0 when it may now). */
  retryAfter(key: string): number {
    const w = this.windows.get(key);
    if (!w || w.count <= this.max) return 0;
    return Math.max(0, Math.ceil((w.start + this.windowMs - this.now()) / 1000));
  }

  /** Forgets a key (after a successful login). */
  reset(key: string): void {
    this.windows.delete(key);
  }

  private sweep(at: number): void {
    for (const [k, w] of this.windows) if (at - w.start >= this.windowMs) this.windows.delete(k);
  }
}
