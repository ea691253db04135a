import { DateTime, IANAZone } from 'luxon';
import type { TimeFormat } from './types.js';

/**
 * How to write instants for one recipient.
 * @example
 * const o: TimeStyle = { zone: 'America/Chicago', locale: 'en-US', timeFormat: '24h' };
 */
export interface TimeStyle {
  zone: string;
  locale?: string | null;
  timeFormat?: TimeFormat | null;
}

function local(ms: number, style: TimeStyle): DateTime {
  // A bad zone in site data must not break a notice: fall back to UTC, which the text then names.
  const zone = IANAZone.isValidZone(style.zone) ? style.zone : 'UTC';
  return DateTime.fromMillis(ms, { zone }).setLocale(style.locale ?? 'en-US');
}

/**
 * An instant in the site's zone with the zone's abbreviation ("14:05 CST"); the date is added
 * when it is not the same local day as `reference` (the event), and the year when not the same year.
 * @example
 * formatInstant(Date.UTC(2026, 0, 12, 20, 5), { zone: 'America/Chicago' }, Date.UTC(2026, 0, 12, 18)); // '14:05 CST'
 */
export function formatInstant(ms: number, style: TimeStyle, reference: number = ms): string {
  const t = local(ms, style);
  const ref = local(reference, style);
  const time = style.timeFormat === '12h' ? 'h:mm a ZZZZ' : 'HH:mm ZZZZ';
  if (t.hasSame(ref, 'day')) return t.toFormat(time);
  if (t.hasSame(ref, 'year')) return t.toFormat(`ccc d LLL ${time}`);
  return t.toFormat(`ccc d LLL yyyy ${time}`);
}

/**
 * A duration in plain words, to the minute: "2 h 14 min", "1 d 3 h", "less than a minute".
 * @example
 * formatDuration((2 * 60 + 14) * 60_000); // '2 h 14 min'
 */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes === 0) return 'less than a minute';
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  const parts: string[] = [];
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  return parts.join(' ');
}
