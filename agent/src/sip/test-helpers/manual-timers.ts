/**
 * Hand-driven timers and clock for tests of the prober's Timer E / Timer F behaviour.
 */
import type { MonotonicClock, Timers } from '../sip-timers.js';

/** Timers that fire only when the test advances time; the clock reads the same time. */
export interface ManualTimers extends Timers, MonotonicClock {
  /** Move time forward, firing due timers in order (a timer set by a callback fires if due). */
  advance(ms: number): void;
  /** Delays of every timer ever set, in order. */
  readonly delays: number[];
  /** Timers still pending. */
  pending(): number;
}

/**
 * Create manual timers at time 0.
 * @example
 * const t = manualTimers();
 * t.setTimeout(() => console.log('fired'), 500);
 * t.advance(500); // fired
 */
export function manualTimers(): ManualTimers {
  let now = 0;
  let nextId = 1;
  const queue = new Map<number, { at: number; fn: () => void }>();
  const delays: number[] = [];
  return {
    delays,
    now: () => now,
    setTimeout(fn, ms) {
      delays.push(ms);
      const id = nextId++;
      queue.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(handle) {
      queue.delete(handle as number);
    },
    pending: () => queue.size,
    advance(ms) {
      const until = now + ms;
      for (;;) {
        let due: [number, { at: number; fn: () => void }] | undefined;
        for (const entry of queue) if (entry[1].at <= until && (!due || entry[1].at < due[1].at)) due = entry;
        if (!due) break;
        queue.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = until;
    },
  };
}
