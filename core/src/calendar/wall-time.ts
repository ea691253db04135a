import type { IANAZone } from 'luxon';

const DAY_MS = 86_400_000;

/**
 * Which instant to take when a local time occurs twice (DST fall-back): the first or the second.
 * @example
 * const p: AmbiguityRule = 'earliest';
 */
export type AmbiguityRule = 'earliest' | 'latest';

/**
 * Converts a local wall-clock time in `zone` to epoch ms, using the zone's rules for that date.
 * A time skipped by a spring-forward gap moves forward by the gap (02:30 becomes 03:30), as luxon
 * does; a time that occurs twice resolves by `rule`. Calendars open at the `earliest` and close at
 * the `latest` instant, so an open interval spanning a fall-back is an hour longer in real time
 * (sla-semantics.md §Calendars: "the clock counts real elapsed time").
 * @example
 * localToEpoch(IANAZone.create('America/New_York'), 2026, 11, 1, 1, 30, 'earliest'); // 01:30 EDT
 */
export function localToEpoch(
  zone: IANAZone,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  rule: AmbiguityRule,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  const a = wall - before * 60_000;
  const b = wall - after * 60_000;
  const aOk = zone.offset(a) === before;
  const bOk = zone.offset(b) === after;
  if (aOk && bOk) return rule === 'earliest' ? Math.min(a, b) : Math.max(a, b);
  if (aOk) return a;
  if (bOk) return b;
  // In a gap: read with the pre-transition offset, which lands just after the transition.
  return a;
}

/**
 * ISO weekday of a civil date, 1 = Monday … 7 = Sunday (pure arithmetic, no zone needed).
 * @example
 * isoWeekday(2026, 11, 23); // 1 (a Monday)
 */
export function isoWeekday(year: number, month: number, day: number): number {
  const d = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * Number of days in a civil month.
 * @example
 * daysInMonth(2028, 2); // 29
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * `YYYY-MM-DD` key of a civil date, as used for holidays.
 * @example
 * dateKey(2026, 7, 4); // '2026-07-04'
 */
export function dateKey(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The local civil year and month (1-12) of an instant in `zone`.
 * @example
 * localYearMonth(IANAZone.create('America/Chicago'), Date.parse('2026-12-01T03:00:00Z')); // [2026, 11]
 */
export function localYearMonth(zone: IANAZone, epochMs: number): [number, number] {
  const local = new Date(epochMs + zone.offset(epochMs) * 60_000);
  return [local.getUTCFullYear(), local.getUTCMonth() + 1];
}
