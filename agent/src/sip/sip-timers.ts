/**
 * Timer values of RFC 3261 §17.1.2.2 and the injectable time sources the prober runs on.
 */

/** RFC 3261 §17.1.1.1: RTT estimate, 500 ms. */
export const T1_MS = 500;
/** RFC 3261 §17.1.2.2: the most a non-INVITE request retransmit interval grows to. */
export const T2_MS = 4000;
/** RFC 3261 §17.1.2.2: Timer F, the non-INVITE transaction timeout, 64·T1. */
export const TIMER_F_MS = 64 * T1_MS;

/**
 * Timer functions, injectable so that tests drive them (as MQTT.js KeepaliveManager does).
 * @example
 * const timers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * A monotonic clock in milliseconds, for round-trip times.
 * @example
 * const clock: MonotonicClock = { now: () => performance.now() };
 */
export interface MonotonicClock {
  now(): number;
}

/**
 * The global timers, looked up at call time so that fake timers installed later still apply.
 * @example
 * const h = systemTimers.setTimeout(() => {}, 500);
 * systemTimers.clearTimeout(h);
 */
export const systemTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * `performance.now()`, looked up at call time.
 * @example
 * const t0 = monotonicClock.now();
 */
export const monotonicClock: MonotonicClock = { now: () => globalThis.performance.now() };

/**
 * The next Timer E interval of a non-INVITE client transaction (RFC 3261 §17.1.2.2): in Trying it
 * doubles from T1 up to T2; once a provisional response has moved it to Proceeding it is T2.
 * @example
 * nextTimerE(500, 'trying');      // 1000
 * nextTimerE(4000, 'trying');     // 4000
 * nextTimerE(1000, 'proceeding'); // 4000
 */
export function nextTimerE(current: number, state: 'trying' | 'proceeding'): number {
  if (state === 'proceeding') return T2_MS;
  return Math.min(2 * current, T2_MS);
}
