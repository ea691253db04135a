import Holidays from 'date-holidays';
import { IANAZone } from 'luxon';
import { z } from 'zod';

/**
 * Weekday keys of a calendar's weekly schedule, Monday first (ISO order).
 * @example
 * WEEKDAYS[0]; // 'mon'
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * A weekday key.
 * @example
 * const d: Weekday = 'mon';
 */
export type Weekday = (typeof WEEKDAYS)[number];

const INTERVAL_RE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-3]|24):([0-5]\d)$/;

/**
 * Parses `HH:MM-HH:MM` into minutes since local midnight; `24:00` is the end of the day.
 * Returns `null` when malformed, empty or reversed.
 * @example
 * parseWallInterval('08:00-12:30'); // [480, 750]
 */
export function parseWallInterval(text: string): [number, number] | null {
  const m = INTERVAL_RE.exec(text);
  if (!m) return null;
  const from = Number(m[1]) * 60 + Number(m[2]);
  const to = Number(m[3]) * 60 + Number(m[4]);
  if (to > 1440 || to <= from) return null;
  return [from, to];
}

/**
 * True for an IANA zone name such as `America/Chicago` or `UTC`; false for abbreviations such as
 * `EDT`/`EST`, which are fixed offsets that ignore DST (sla-semantics.md §Calendars).
 * @example
 * isIanaZoneName('Europe/London'); // true
 * isIanaZoneName('EST'); // false
 */
export function isIanaZoneName(zone: string): boolean {
  return (zone === 'UTC' || zone.includes('/')) && IANAZone.isValidZone(zone);
}

/**
 * True when `region` names a `date-holidays` country, optionally with state and region
 * (`US`, `GB-ENG`, `US-CA`).
 * @example
 * isHolidayRegion('GB-SCT'); // true
 */
export function isHolidayRegion(region: string): boolean {
  const parts = region.split('-');
  if (parts.length > 3 || parts.some((p) => !/^[A-Za-z0-9]+$/.test(p))) return false;
  const [country, state, sub] = parts as [string, string?, string?];
  const hd = new Holidays();
  const countries = hd.getCountries();
  if (!countries?.[country.toUpperCase()]) return false;
  if (state && !hd.getStates(country)?.[state.toUpperCase()]) return false;
  if (sub && state && !hd.getRegions(country, state)?.[sub.toUpperCase()]) return false;
  return true;
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a local date YYYY-MM-DD')
  .refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const dt = new Date(Date.UTC(y, m - 1, d));
    return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
  }, 'not a real calendar date');

const zoneSchema = z.string().refine(isIanaZoneName, {
  message: 'not an IANA time zone (use e.g. America/Chicago, never an abbreviation such as EDT)',
});

const dayIntervals = z
  .array(z.string())
  .superRefine((list, ctx) => {
    const parsed: Array<[number, number]> = [];
    list.forEach((text, i) => {
      const iv = parseWallInterval(text);
      if (!iv) {
        ctx.addIssue({
          code: 'custom',
          path: [i],
          message: `not an interval HH:MM-HH:MM: ${JSON.stringify(text)}`,
        });
      } else parsed.push(iv);
    });
    parsed.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < parsed.length; i++) {
      if ((parsed[i] as [number, number])[0] < (parsed[i - 1] as [number, number])[1]) {
        ctx.addIssue({ code: 'custom', message: 'intervals overlap' });
      }
    }
  })
  .default([]);

const weekShape = Object.fromEntries(WEEKDAYS.map((d) => [d, dayIntervals.optional()])) as Record<
  Weekday,
  z.ZodOptional<typeof dayIntervals>
>;

/**
 * Zod schema of the 24x7 calendar `{ always: true }` (an optional zone only affects display).
 * @example
 * alwaysCalendarSchema.parse({ always: true, zone: 'Europe/London' });
 */
export const alwaysCalendarSchema = z.strictObject({
  always: z.literal(true),
  zone: zoneSchema.optional(),
});

/**
 * Zod schema of a business-hours calendar: zone, weekly open intervals, holidays, day length.
 * @example
 * businessCalendarSchema.parse({ zone: 'America/Chicago', week: { mon: ['08:00-18:00'] }, holidays: ['2026-12-24'] });
 */
export const businessCalendarSchema = z
  .strictObject({
    zone: zoneSchema,
    week: z.strictObject(weekShape),
    holidays: z.array(isoDate).default([]),
    holidayRegion: z
      .string()
      .refine(isHolidayRegion, { message: 'not a date-holidays region (e.g. US, GB, GB-ENG, US-CA)' })
      .optional(),
    dayHours: z.number().positive().max(24).optional(),
    /**
     * The hours are local to each site (BenComm: "zone per site"): the console runs this calendar
     * in the site's zone, and `zone` only where no site zone is known.
     */
    zoneFromSite: z.boolean().optional(),
  })
  .superRefine((cal, ctx) => {
    const open = WEEKDAYS.some((d) => (cal.week[d] ?? []).length > 0);
    if (!open) ctx.addIssue({ code: 'custom', path: ['week'], message: 'no open interval on any weekday' });
  });

/**
 * Zod schema of a calendar spec, either `{ always: true }` or a business calendar
 * (sla-semantics.md §Calendars). Errors name the field (`week.mon.1`, `zone`, `holidays.0`).
 * @example
 * calendarSpecSchema.parse({ zone: 'America/Chicago', week: { mon: ['08:00-18:00'] }, holidayRegion: 'US' });
 */
export const calendarSpecSchema: z.ZodType<CalendarSpec, CalendarSpecInput> = z
  .unknown()
  .transform((value, ctx) => {
    // Pick the branch by shape so that errors name the field instead of a bare "invalid union".
    const always = typeof value === 'object' && value !== null && 'always' in value;
    const r = (always ? alwaysCalendarSchema : businessCalendarSchema).safeParse(value);
    if (r.success) return r.data;
    for (const issue of r.error.issues)
      ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
    return z.NEVER;
  }) as unknown as z.ZodType<CalendarSpec, CalendarSpecInput>;

/**
 * A validated calendar spec.
 * @example
 * const cal: CalendarSpec = { always: true };
 */
export type CalendarSpec = z.output<typeof alwaysCalendarSchema> | BusinessCalendarSpec;

/**
 * A validated business-hours calendar spec.
 * @example
 * const cal: BusinessCalendarSpec = { zone: 'UTC', week: { mon: ['00:00-24:00'] }, holidays: [] };
 */
export type BusinessCalendarSpec = z.output<typeof businessCalendarSchema>;

/**
 * Calendar spec as written by a user, before defaults are applied.
 * @example
 * const input: CalendarSpecInput = { zone: 'Europe/London', week: { mon: ['09:00-17:00'] } };
 */
export type CalendarSpecInput = z.input<typeof alwaysCalendarSchema> | z.input<typeof businessCalendarSchema>;
