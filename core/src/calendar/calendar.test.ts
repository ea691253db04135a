import { describe, expect, it } from 'vitest';
import { formatIssues } from '../contract/decode.js';
import { formatInstant, parseInstant as T } from '../sla/format.js';
import { calendarSpecSchema } from './calendar-spec.js';
import { compileCalendar } from './compile-calendar.js';

const H = 3_600_000;
const errorOf = (input: unknown) => {
  const r = calendarSpecSchema.safeParse(input);
  return r.success ? 'ok' : formatIssues(r.error);
};

describe('calendarSpecSchema', () => {
  it('names the bad field', () => {
    expect(errorOf({ zone: 'EDT', week: { mon: ['08:00-17:00'] } })).toMatch(/^zone: not an IANA time zone/);
    expect(errorOf({ zone: 'UTC', week: { mon: ['08:00-17:00', '8-5'] } })).toMatch(
      /^week\.mon\.1: not an interval/,
    );
    expect(errorOf({ zone: 'UTC', week: { tue: ['17:00-08:00'] } })).toMatch(/^week\.tue\.0:/);
    expect(errorOf({ zone: 'UTC', week: { mon: ['08:00-12:00', '11:00-13:00'] } })).toMatch(
      /^week\.mon: intervals overlap/,
    );
    expect(errorOf({ zone: 'UTC', week: { mon: ['08:00-17:00'] }, holidays: ['2026-02-30'] })).toMatch(
      /^holidays\.0: not a real calendar date/,
    );
    expect(errorOf({ zone: 'UTC', week: { mon: ['08:00-17:00'] }, holidayRegion: 'XX' })).toMatch(
      /^holidayRegion:/,
    );
    expect(errorOf({ zone: 'UTC', week: {} })).toMatch(/^week: no open interval/);
    expect(errorOf({ zone: 'UTC', week: { mon: ['08:00-17:00'] }, shifts: 2 })).toMatch(/shifts/);
    expect(errorOf({ always: false })).toMatch(/^always:/);
    expect(errorOf({ always: true })).toBe('ok');
    expect(errorOf({ zone: 'Europe/London', week: { sun: ['00:00-24:00'] }, holidayRegion: 'GB-ENG' })).toBe(
      'ok',
    );
  });
});

describe('compiled calendars', () => {
  const chicago = compileCalendar(
    calendarSpecSchema.parse({
      zone: 'America/Chicago',
      week: {
        mon: ['08:00-12:00', '13:00-17:00'],
        tue: ['08:00-18:00'],
        wed: ['08:00-18:00'],
        thu: ['08:00-18:00'],
      },
      holidayRegion: 'US',
    }),
  );

  it('takes the most common non-zero weekday length as the day, unless explicit', () => {
    expect(chicago.dayHours).toBe(10);
    const explicit = calendarSpecSchema.parse({ zone: 'UTC', week: { mon: ['08:00-17:00'] }, dayHours: 7.5 });
    expect(compileCalendar(explicit).dayHours).toBe(7.5);
    expect(compileCalendar(calendarSpecSchema.parse({ always: true })).dayHours).toBe(24);
  });

  it('is open inside intervals only, closed on region holidays and at lunch', () => {
    expect(chicago.isOpen(T('2026-11-23T09:00:00-06:00'))).toBe(true);
    expect(chicago.isOpen(T('2026-11-23T12:30:00-06:00'))).toBe(false);
    expect(chicago.isOpen(T('2026-11-23T17:00:00-06:00'))).toBe(false);
    expect(chicago.isOpen(T('2026-11-26T09:00:00-06:00'))).toBe(false); // Thanksgiving (date-holidays US)
    expect(chicago.isOpen(T('2027-01-19T09:00:00-06:00'))).toBe(true); // Tuesday after MLK day
    expect(chicago.isOpen(T('2027-01-18T09:00:00-06:00'))).toBe(false); // MLK day
  });

  it('lists open intervals between two instants', () => {
    const ivs = chicago.openIntervals(T('2026-11-23T10:00:00-06:00'), T('2026-11-24T09:00:00-06:00'));
    expect(ivs.map(([a, b]) => [formatInstant(a, 'America/Chicago'), (b - a) / H])).toEqual([
      ['2026-11-23T10:00:00-06:00', 2],
      ['2026-11-23T13:00:00-06:00', 4],
      ['2026-11-24T08:00:00-06:00', 1],
    ]);
  });

  it('counts the real length of a DST fall-back day inside an open interval', () => {
    const ny = compileCalendar(
      calendarSpecSchema.parse({
        zone: 'America/New_York',
        week: { sun: ['00:30-03:00'], mon: ['00:00-24:00'] },
      }),
    );
    // Sunday 1 Nov 2026: 01:00-02:00 happens twice, so 00:30-03:00 lasts 3.5 h.
    expect(ny.business.measure(T('2026-10-31T00:00:00-04:00'), T('2026-11-01T12:00:00-05:00'))).toBe(3.5 * H);
    // Spring forward (Sunday 14 Mar 2027): 02:00-03:00 does not exist, 00:30-03:00 lasts 1.5 h.
    expect(ny.business.measure(T('2027-03-13T00:00:00-05:00'), T('2027-03-14T12:00:00-04:00'))).toBe(1.5 * H);
    // Monday 2 Nov 2026 00:00-24:00 is a plain 24 h day; Sunday's interval and Monday's do not touch.
    expect(ny.business.measure(T('2026-11-02T00:00:00-05:00'), T('2026-11-03T00:00:00-05:00'))).toBe(24 * H);
  });

  it('merges 00:00-24:00 days into one continuous interval', () => {
    const all = compileCalendar(
      calendarSpecSchema.parse({
        zone: 'Europe/London',
        week: Object.fromEntries(
          ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
        ),
      }),
    );
    const ivs = all.openIntervals(T('2026-10-20T00:00:00+01:00'), T('2026-11-10T00:00:00Z'));
    expect(ivs).toHaveLength(1);
    // The autumn change (25 Oct 2026) makes that Sunday 25 h long; counted time is real time.
    expect(all.business.measure(T('2026-10-25T00:00:00+01:00'), T('2026-10-26T00:00:00Z'))).toBe(25 * H);
  });

  it('compiles a calendar once, even when the spec is parsed again', () => {
    const text = '{"zone": "America/Chicago", "week": {"mon": ["08:00-18:00"]}, "holidayRegion": "US"}';
    const a = compileCalendar(calendarSpecSchema.parse(JSON.parse(text)));
    expect(compileCalendar(calendarSpecSchema.parse(JSON.parse(text)))).toBe(a);
    expect(compileCalendar(calendarSpecSchema.parse({ ...JSON.parse(text), holidayRegion: 'CA' }))).not.toBe(
      a,
    );
  });

  it('builds months lazily in both directions and stays consistent', () => {
    const cal = compileCalendar(
      calendarSpecSchema.parse({ zone: 'America/Chicago', week: { mon: ['08:00-18:00'] } }),
    );
    const late = T('2027-06-07T08:00:00-05:00');
    const early = T('2026-01-05T08:00:00-06:00');
    const before = cal.business.measure(late, late + 10 * H);
    expect(cal.business.measure(early, early + 10 * H)).toBe(10 * H);
    expect(cal.business.measure(late, late + 10 * H)).toBe(before);
    expect(before).toBe(10 * H);
    // 75 Mondays of 10 h from the first Monday of 2026 (wall-clock day length, across DST changes).
    expect(cal.business.advance(early, 75 * 10 * H)).toBe(T('2027-06-07T18:00:00-05:00'));
  });
});
