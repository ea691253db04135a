import type { CalendarSpecInput } from '../calendar/calendar-spec.js';

/**
 * The same open intervals Monday to Friday, closed at weekends.
 * @example
 * mondayToFriday('08:00-17:00').mon; // ['08:00-17:00']
 */
export function mondayToFriday(
  ...intervals: string[]
): Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri', string[]> {
  return { mon: intervals, tue: intervals, wed: intervals, thu: intervals, fri: intervals };
}

/**
 * A Monday-to-Friday business calendar spec.
 * @example
 * weekdayCalendar('America/Chicago', '08:00-18:00', 'US');
 */
export function weekdayCalendar(zone: string, interval: string, holidayRegion?: string): CalendarSpecInput {
  return { zone, week: mondayToFriday(interval), ...(holidayRegion ? { holidayRegion } : {}) };
}

/**
 * Seed file names of the contracts the presets come from (the shared seeds).
 * @example
 * SEEDS.ipcelerate; // '001_6ef43bc74b825592.txt'
 */
export const SEEDS = {
  bencomm: '000_001e47e1708a06c2.txt',
  ipcelerate: '001_6ef43bc74b825592.txt',
  presence: '002_d1cfd27d8b18d3bc.txt',
  avst: '003_868ae14a1e5fd16a.txt',
  roi: '004_3c646e19d4bfeb4e.txt',
} as const;
