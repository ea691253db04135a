import { IANAZone } from 'luxon';
import { BusinessTime } from './business-time.js';
import {
  type BusinessCalendarSpec,
  type CalendarSpec,
  parseWallInterval,
  WEEKDAYS,
} from './calendar-spec.js';
import { nominalDayHours } from './day-hours.js';
import { regionHolidayDates } from './holidays.js';
import { CLOCK_TIME, type OpenTime } from './open-time.js';
import { dateKey, daysInMonth, isoWeekday, localToEpoch } from './wall-time.js';

/**
 * A compiled calendar: the spec plus fast business-time arithmetic. Build it with
 * {@link compileCalendar} (memoised per spec object) and reuse it for every ticket on the plan.
 * @example
 * const cal = compileCalendar({ always: true });
 * cal.business.measure(0, 3_600_000); // 3600000
 */
export interface Calendar {
  readonly spec: CalendarSpec;
  /** IANA zone used to show instants (`UTC` for an `always` calendar without a zone). */
  readonly zone: string;
  readonly always: boolean;
  /** Nominal business day length in hours, for `businessDays` targets. */
  readonly dayHours: number;
  /** Business open time (24x7 for `always`). */
  readonly business: OpenTime;
  /** True when `at` is inside an open interval. */
  isOpen(at: number): boolean;
  /** Open intervals overlapping `[from, to)`, clipped, as epoch-ms pairs. */
  openIntervals(from: number, to: number): Array<[number, number]>;
}

const compiled = new WeakMap<CalendarSpec, Calendar>();
// Second level by content, so a plan re-parsed from storage still reuses the months already built.
const byContent = new Map<string, Calendar>();
const MAX_BY_CONTENT = 1000;

/**
 * Compiles a validated calendar spec (see `calendarSpecSchema`). Memoised per spec object and by
 * content, so the same calendar is compiled once; open intervals are built lazily per local month
 * and cached.
 * @example
 * const cal = compileCalendar(calendarSpecSchema.parse({ zone: 'America/Chicago', week: { mon: ['08:00-18:00'] } }));
 * cal.dayHours; // 10
 */
export function compileCalendar(spec: CalendarSpec): Calendar {
  const hit = compiled.get(spec);
  if (hit) return hit;
  const key = JSON.stringify(spec);
  let cal = byContent.get(key);
  if (!cal) {
    cal = 'always' in spec ? compileAlways(spec) : compileBusiness(spec);
    if (byContent.size >= MAX_BY_CONTENT) byContent.clear();
    byContent.set(key, cal);
  }
  compiled.set(spec, cal);
  return cal;
}

function compileAlways(spec: CalendarSpec & { always: true }): Calendar {
  return Object.freeze({
    spec,
    zone: spec.zone ?? 'UTC',
    always: true,
    dayHours: 24,
    business: CLOCK_TIME,
    isOpen: () => true,
    openIntervals: (from: number, to: number): Array<[number, number]> => (to > from ? [[from, to]] : []),
  });
}

function compileBusiness(spec: BusinessCalendarSpec): Calendar {
  const zone = IANAZone.create(spec.zone);
  // Minutes-of-day pairs per ISO weekday (index 1 = Monday).
  const week: Array<Array<[number, number]>> = [[]];
  for (const d of WEEKDAYS) {
    const ivs = (spec.week[d] ?? []).map((t) => parseWallInterval(t) as [number, number]);
    week.push(ivs.sort((a, b) => a[0] - b[0]));
  }
  const explicit = new Set(spec.holidays);
  const isHoliday = (year: number, key: string) =>
    explicit.has(key) ||
    (spec.holidayRegion !== undefined && regionHolidayDates(spec.holidayRegion, year).has(key));
  const toEpoch = (y: number, m: number, d: number, minutes: number, rule: 'earliest' | 'latest') => {
    if (minutes === 1440) {
      const next = new Date(Date.UTC(y, m - 1, d + 1));
      return localToEpoch(zone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, rule);
    }
    return localToEpoch(zone, y, m, d, Math.floor(minutes / 60), minutes % 60, rule);
  };
  const buildMonth = (year: number, month: number): number[] => {
    const out: number[] = [];
    const n = daysInMonth(year, month);
    for (let day = 1; day <= n; day++) {
      const ivs = week[isoWeekday(year, month, day)] as Array<[number, number]>;
      if (ivs.length === 0 || isHoliday(year, dateKey(year, month, day))) continue;
      for (const [from, to] of ivs) {
        const s = toEpoch(year, month, day, from, 'earliest');
        const e = toEpoch(year, month, day, to, 'latest');
        if (e > s) out.push(s, e);
      }
    }
    return out;
  };
  const monthStart = (year: number, month: number) => localToEpoch(zone, year, month, 1, 0, 0, 'earliest');
  const business = new BusinessTime(zone, buildMonth, monthStart);
  return Object.freeze({
    spec,
    zone: spec.zone,
    always: false,
    dayHours: nominalDayHours(spec),
    business,
    isOpen: (at: number) => business.isOpen(at),
    openIntervals: (from: number, to: number) => business.intervals(from, to),
  });
}
