import { type BusinessCalendarSpec, parseWallInterval, WEEKDAYS } from './calendar-spec.js';

/**
 * Nominal business day length in hours: the spec's `dayHours`, or else the most common non-zero
 * weekday length (ties go to the longer day) — sla-semantics.md §Objectives and targets.
 * Measured on the wall clock, so a DST day does not change it.
 * @example
 * nominalDayHours({ zone: 'UTC', week: { mon: ['08:00-12:00', '13:00-17:00'] }, holidays: [] }); // 8
 */
export function nominalDayHours(spec: BusinessCalendarSpec): number {
  if (spec.dayHours !== undefined) return spec.dayHours;
  const counts = new Map<number, number>();
  for (const d of WEEKDAYS) {
    const minutes = (spec.week[d] ?? []).reduce((sum, t) => {
      const iv = parseWallInterval(t);
      return iv ? sum + iv[1] - iv[0] : sum;
    }, 0);
    if (minutes > 0) counts.set(minutes, (counts.get(minutes) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [minutes, count] of counts) {
    if (count > bestCount || (count === bestCount && minutes > best)) {
      best = minutes;
      bestCount = count;
    }
  }
  return best / 60;
}
