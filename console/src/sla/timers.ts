/**
 * A cancellable timer handle.
 * @example
 * const h: TimerHandle = timers.setTimeout(tick, 1000); timers.clearTimeout(h);
 */
export type TimerHandle = unknown;

/**
 * Injectable timers (as MQTT.js's KeepaliveManager takes them), so tests drive time.
 * @example
 * const timers: Timers = { setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/**
 * The process's real timers, unref'd so that they never keep a stopping process alive.
 * @example
 * new SlaScheduler({ ...deps, timers: realTimers });
 */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
