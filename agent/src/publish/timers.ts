/**
 * Injected timers (as MQTT.js's KeepaliveManager takes them), so tests can drive time.
 * @example
 * const timers: Timers = { setTimeout: (f, ms) => setTimeout(f, ms), clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout) };
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The real timers; `unref` so that a pending timer never keeps a stopping process alive.
 * @example
 * realTimers.setTimeout(() => {}, 1000);
 */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const h = setTimeout(fn, ms);
    h.unref?.();
    return h;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

/**
 * A monotonic uptime source in ms (process-relative), separate from the wall clock, which may jump
 * on a Pi without an RTC when NTP finally syncs.
 * @example
 * const up = monotonicUptime(); up(); // 12.3
 */
export function monotonicUptime(): () => number {
  const t0 = performance.now();
  return () => performance.now() - t0;
}
