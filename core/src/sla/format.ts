import { DateTime } from 'luxon';

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses an ISO 8601 instant that carries its offset (`2026-11-25T16:30:00-06:00` or `…Z`) to
 * epoch ms. A local time without offset is refused: its instant would depend on the machine.
 * @example
 * parseInstant('2026-11-20T10:00:00Z'); // 1795168800000
 */
export function parseInstant(text: string): number {
  if (!ISO_WITH_OFFSET.test(text)) {
    throw new Error(
      `not an ISO 8601 instant with offset: ${JSON.stringify(text)} (e.g. 2026-11-25T16:30:00-06:00)`,
    );
  }
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`not a valid instant: ${JSON.stringify(text)}`);
  return ms;
}

/**
 * Formats an instant as ISO 8601 in `zone` with its offset, seconds precision
 * (`2026-11-23T12:00:00-06:00`; `…Z` for the `UTC` zone), as in sla-vectors.json.
 * @example
 * formatInstant(Date.parse('2026-11-23T18:00:00Z'), 'America/Chicago'); // '2026-11-23T12:00:00-06:00'
 */
export function formatInstant(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toISO({ suppressMilliseconds: true }) as string;
}

/**
 * Human form of an instant in `zone`, for the CLI and notifications.
 * @example
 * humanInstant(Date.parse('2026-11-23T18:00:00Z'), 'America/Chicago'); // 'Mon 23 Nov 2026 12:00 CST'
 */
export function humanInstant(epochMs: number, zone: string): string {
  return DateTime.fromMillis(epochMs, { zone }).toFormat('ccc d LLL yyyy HH:mm ZZZZ');
}

/**
 * Human form of a signed duration in seconds (`1 h 05 min`, `-30 min`).
 * @example
 * humanDuration(-1800); // '-30 min'
 */
export function humanDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  const s = Math.abs(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  if (h === 0) return `${sign}${m} min`;
  return `${sign}${h} h ${String(m).padStart(2, '0')} min`;
}
