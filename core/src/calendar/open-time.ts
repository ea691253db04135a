/**
 * A measure of "counted" time: business hours of a calendar, or plain elapsed time.
 * All instants are epoch milliseconds.
 * @example
 * const t: OpenTime = CLOCK_TIME;
 * t.measure(0, 3_600_000); // 3600000
 */
export interface OpenTime {
  /** Open milliseconds inside `[from, to)`; 0 when `to <= from`. */
  measure(from: number, to: number): number;
  /**
   * The first instant `t >= from` at which `measure(from, t) === ms` (`ms > 0`). When that amount
   * is reached exactly at a closing time, the result is that closing time, not the next opening.
   */
  advance(from: number, ms: number): number;
  /** True when the instant is inside an open interval. */
  isOpen(at: number): boolean;
}

/**
 * Real elapsed time, 24x7: what `clockHours` targets and the `always` calendar count.
 * @example
 * CLOCK_TIME.advance(Date.parse('2026-11-20T10:00:00Z'), 7_200_000); // 2 h later
 */
export const CLOCK_TIME: OpenTime = Object.freeze({
  measure: (from: number, to: number) => (to > from ? to - from : 0),
  advance: (from: number, ms: number) => from + ms,
  isOpen: () => true,
});
