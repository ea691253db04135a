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

// Luxon's zone validation and zone names build an Intl formatter on every call (~0.1 ms each),
// and a notice writes several instants: cache them; a zone's abbreviation is fixed per offset.
const validZones = new Map<string, boolean>();
const zoneNames = new Map<string, string>();

function local(ms: number, style: TimeStyle): DateTime {
  let valid = validZones.get(style.zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(style.zone);
    validZones.set(style.zone, valid);
  }
  // A bad zone in site data must not break a notice: fall back to UTC, which the text then names.
  return DateTime.fromMillis(ms, { zone: valid ? style.zone : 'UTC' }).setLocale(style.locale ?? 'en-US');
}

function zoneName(t: DateTime): string {
  const key = `${t.zoneName}|${t.locale}|${t.offset}`;
  let name = zoneNames.get(key);
  if (name === undefined) {
    name = t.offsetNameShort ?? t.toFormat('ZZ');
    zoneNames.set(key, name);
  }
  return name;
}

/**
 * An instant in the site's zone with the zone's abbreviation ("14:05 CST"); the date is added
 * when it is not the same local day as `reference` (the event), and the year when not the same year.
 * @example
 * formatInstant(Date.UTC(2026, 0, 12, 20, 5), { zone: 'America/Chicago' }, Date.UTC(2026, 0, 12, 18)); // '14:05 CST'
 */
export function formatInstant(ms: number, style: TimeStyle, reference: number = ms): string {
  const t = local(ms, style);
  const ref = ms === reference ? t : local(reference, style);
  const time = `${t.toFormat(style.timeFormat === '12h' ? 'h:mm a' : 'HH:mm')} ${zoneName(t)}`;
  if (t.year === ref.year && t.ordinal === ref.ordinal) return time;
  return `${t.toFormat(t.year === ref.year ? 'ccc d LLL' : 'ccc d LLL yyyy')} ${time}`;
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
