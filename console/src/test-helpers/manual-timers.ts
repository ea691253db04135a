import type { TimerHandle, Timers } from '../sla/timers.js';

/**
 * Timers driven by a test: `advance(ms)` moves the shared clock and fires what fell due, in order.
 * @example
 * const clock = { t: 0 }; const timers = new ManualTimers(clock); timers.advance(60_000);
 */
export class ManualTimers implements Timers {
  private seq = 0;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();

  constructor(private readonly clock: { t: number }) {}

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.pending.set(id, { at: this.clock.t + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.pending.delete(handle as number);
  }

  /** Moves time forward by `ms`, firing due timers at their instants. */
  advance(ms: number): void {
    const end = this.clock.t + ms;
    for (;;) {
      let next: [number, { at: number; fn: () => void }] | null = null;
      for (const e of this.pending) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.pending.delete(next[0]);
      this.clock.t = Math.max(this.clock.t, next[1].at);
      next[1].fn();
    }
    this.clock.t = end;
  }

  /** Fires timers due now (zero-delay ones included). */
  runDue(): void {
    this.advance(0);
  }
}
