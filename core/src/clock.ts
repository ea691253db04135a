/**
 * The source of time, injected everywhere so that tests drive it. Core never reads a clock; the
 * daemons pass {@link Clock} implementations down.
 * @example
 * const clock: Clock = { now: () => Date.now() };
 */
export interface Clock {
  /** Wall time, epoch milliseconds. */
  now(): number;
}
