import type { Clock } from '@pbxwatch/core';
import type { Timers } from '../dispatcher.js';

/**
 * A clock and timers that move only when the test says so.
 * @example
 * const time = new ManualTime(T0); time.advance(30_000); time.runDue();
 */
export class ManualTime implements Clock, Timers {
  private t: number;
  private seq = 0;
  private readonly tasks = new Map<number, { at: number; fn: () => void }>();

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    this.seq++;
    this.tasks.set(this.seq, { at: this.t + Math.max(0, ms), fn });
    return this.seq;
  }

  clearTimeout(handle: unknown): void {
    this.tasks.delete(handle as number);
  }

  /** Runs the timers due now; returns how many ran. */
  runDue(): number {
    const due = [...this.tasks]
      .filter(([, x]) => x.at <= this.t)
      .sort((a, b) => a[1].at - b[1].at || a[0] - b[0]);
    for (const [id, x] of due) {
      this.tasks.delete(id);
      x.fn();
    }
    return due.length;
  }

  /** Moves the clock forward. */
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * Runs due timers and waits for the dispatcher's passes until nothing more is due now.
 * @example
 * time.advance(27_000); await settle(time, dispatcher);
 */
export async function settle(time: ManualTime, dispatcher: { idle(): Promise<void> }): Promise<void> {
  for (let i = 0; i < 200; i++) {
    await dispatcher.idle();
    if (time.runDue() === 0) {
      await dispatcher.idle();
      if (time.runDue() === 0) return;
    }
  }
  throw new Error('dispatcher did not settle');
}
