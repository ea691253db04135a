import Holidays from 'date-holidays';

// Holiday rules are bundled data, so computing them is pure; memoise per region and year.
const cache = new Map<string, ReadonlySet<string>>();

/**
 * Local dates (`YYYY-MM-DD`) of the public holidays of a `date-holidays` region in a year.
 * Only `public` holidays close a calendar (sla-semantics.md §Calendars), not observances or
 * bank/school holidays; substitute days that are public are included.
 * @example
 * regionHolidayDates('US', 2026).has('2026-11-26'); // true (Thanksgiving)
 */
export function regionHolidayDates(region: string, year: number): ReadonlySet<string> {
  const key = `${region.toUpperCase()}:${year}`;
  let dates = cache.get(key);
  if (!dates) {
    const [country, state, sub] = region.toUpperCase().split('-') as [string, string?, string?];
    const hd = state
      ? sub
        ? new Holidays(country, state, sub)
        : new Holidays(country, state)
      : new Holidays(country);
    const set = new Set<string>();
    for (const h of hd.getHolidays(year) || []) {
      // `date` is the local civil date of the holiday's start, e.g. '2026-12-25 00:00:00'.
      if (h.type === 'public') set.add(h.date.slice(0, 10));
    }
    dates = set;
    cache.set(key, dates);
  }
  return dates;
}
