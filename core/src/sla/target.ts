import { z } from 'zod';
import type { Calendar } from '../calendar/compile-calendar.js';
import { CLOCK_TIME, type OpenTime } from '../calendar/open-time.js';

const HOUR_MS = 3_600_000;

const wholeMinutes = (h: number) => Math.abs(h * 60 - Math.round(h * 60)) < 1e-9;
/**
 * Zod schema of a target length in hours: positive, whole minutes (the finest unit a plan uses).
 * @example
 * targetHoursSchema.parse(0.5); // 0.5
 */
export const targetHoursSchema = z
  .number()
  .positive()
  .finite()
  .refine(wholeMinutes, { message: 'targets are whole minutes (e.g. 0.5 or 1.25 hours)' });

/**
 * Zod schema of an SLA target: exactly one of `clockHours`, `businessHours`, `businessDays`
 * (fractional allowed) — sla-semantics.md §Objectives and targets.
 * @example
 * targetSchema.parse({ businessDays: 3 });
 */
export const targetSchema = z
  .strictObject({
    clockHours: targetHoursSchema.optional(),
    businessHours: targetHoursSchema.optional(),
    businessDays: z.number().positive().finite().optional(),
  })
  .superRefine((t, ctx) => {
    const n = Object.values(t).filter((v) => v !== undefined).length;
    if (n !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: 'give exactly one of clockHours, businessHours, businessDays',
      });
    }
  }) as unknown as z.ZodType<Target>;

/**
 * An SLA target.
 * @example
 * const t: Target = { clockHours: 2 };
 */
export type Target = { clockHours: number } | { businessHours: number } | { businessDays: number };

/**
 * The target's length in counted milliseconds on a calendar (`businessDays × dayHours` hours).
 * @example
 * targetMs({ businessDays: 3 }, compileCalendar(chicagoSpec)); // 3 × 10 h = 108000000
 */
export function targetMs(target: Target, calendar: Calendar): number {
  if ('clockHours' in target) return Math.round(target.clockHours * HOUR_MS);
  if ('businessHours' in target) return Math.round(target.businessHours * HOUR_MS);
  return Math.round(target.businessDays * calendar.dayHours * HOUR_MS);
}

/**
 * Which time a target counts: real time for `clockHours`, the calendar's open time otherwise.
 * @example
 * countedTime({ clockHours: 4 }, cal) === CLOCK_TIME; // true
 */
export function countedTime(target: Target, calendar: Calendar): OpenTime {
  return 'clockHours' in target ? CLOCK_TIME : calendar.business;
}

/**
 * Short human form of a target.
 * @example
 * describeTarget({ businessDays: 3 }); // '3 business days'
 */
export function describeTarget(target: Target): string {
  if ('clockHours' in target) return `${target.clockHours} clock h`;
  if ('businessHours' in target) return `${target.businessHours} business h`;
  return `${target.businessDays} business day${target.businessDays === 1 ? '' : 's'}`;
}
