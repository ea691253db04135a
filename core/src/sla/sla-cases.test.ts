import { describe, expect, it } from 'vitest';
import { type CaseResult, clockCaseSchema, runClockCase } from '../cli/cases.js';

// Our own cases, in the sla-vectors.json shape, for the rules the shipped vectors do not cover.
const chicago = {
  zone: 'America/Chicago',
  week: {
    mon: ['08:00-18:00'],
    tue: ['08:00-18:00'],
    wed: ['08:00-18:00'],
    thu: ['08:00-18:00'],
    fri: ['08:00-18:00'],
  },
};
const london = {
  zone: 'Europe/London',
  week: {
    mon: ['09:00-17:00'],
    tue: ['09:00-17:00'],
    wed: ['09:00-17:00'],
    thu: ['09:00-17:00'],
    fri: ['09:00-17:00'],
  },
  holidayRegion: 'GB',
};
const allDays = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
);

const cases: Array<{ case: Record<string, unknown>; expect: Omit<CaseResult, 'name'> }> = [
  {
    case: {
      name: 'open-pause-holds-due',
      calendar: chicago,
      start: '2026-11-23T09:00:00-06:00',
      target: { businessHours: 4 },
      pauses: [['2026-11-23T10:00:00-06:00', null]],
      at: '2026-11-24T15:00:00-06:00',
    },
    expect: { due: null, elapsedSeconds: 3600, remainingSeconds: 10800, breached: false },
  },
  {
    case: {
      name: 'pause-before-start',
      calendar: chicago,
      start: '2026-11-23T09:00:00-06:00',
      target: { businessHours: 2 },
      pauses: [['2026-11-23T07:00:00-06:00', '2026-11-23T10:00:00-06:00']],
    },
    expect: { due: '2026-11-23T12:00:00-06:00' },
  },
  {
    case: {
      name: 'pause-applies-to-business-days',
      calendar: chicago,
      start: '2026-11-23T08:00:00-06:00',
      target: { businessDays: 1 },
      pauses: [['2026-11-23T12:00:00-06:00', '2026-11-24T09:00:00-06:00']],
    },
    expect: { due: '2026-11-24T15:00:00-06:00' },
  },
  {
    case: {
      name: 'dst-fall-back-inside-interval',
      calendar: { zone: 'America/New_York', week: { sun: ['00:30-03:00'] } },
      start: '2026-11-01T00:30:00-04:00',
      target: { businessHours: 3 },
    },
    expect: { due: '2026-11-01T02:30:00-05:00' },
  },
  {
    case: {
      name: 'dst-fall-back-long-day',
      calendar: { zone: 'America/New_York', week: allDays },
      start: '2026-11-01T00:00:00-04:00',
      target: { businessHours: 25 },
      at: '2026-11-01T23:00:00-05:00',
    },
    expect: {
      due: '2026-11-02T00:00:00-05:00',
      elapsedSeconds: 24 * 3600,
      remainingSeconds: 3600,
      breached: false,
    },
  },
  {
    case: {
      name: 'gb-region-holidays-christmas',
      calendar: london,
      start: '2026-12-24T16:00:00+00:00',
      target: { businessHours: 2 },
    },
    // Fri 25 Dec and Mon 28 Dec (Boxing Day substitute) are public holidays in date-holidays GB.
    expect: { due: '2026-12-29T10:00:00+00:00' },
  },
  {
    case: {
      name: 'london-autumn-dst-business',
      calendar: london,
      start: '2026-10-23T16:00:00+01:00',
      target: { businessHours: 2 },
    },
    expect: { due: '2026-10-26T10:00:00+00:00' },
  },
  {
    case: {
      name: 'us-region-thanksgiving',
      calendar: { ...chicago, holidayRegion: 'US' },
      start: '2026-11-25T16:30:00-06:00',
      target: { businessHours: 3 },
    },
    expect: { due: '2026-11-27T09:30:00-06:00' },
  },
  {
    case: {
      name: 'fractional-business-hours',
      calendar: chicago,
      start: '2026-11-23T17:45:00-06:00',
      target: { businessHours: 0.5 },
    },
    expect: { due: '2026-11-24T08:15:00-06:00' },
  },
  {
    case: {
      name: 'fractional-business-days',
      calendar: chicago,
      start: '2026-11-23T08:00:00-06:00',
      target: { businessDays: 1.5 },
    },
    expect: { due: '2026-11-24T13:00:00-06:00' },
  },
  {
    case: {
      name: 'fractional-clock-hours',
      calendar: chicago,
      start: '2026-11-21T23:00:00-06:00',
      target: { clockHours: 1.25 },
    },
    expect: { due: '2026-11-22T00:15:00-06:00' },
  },
  {
    case: {
      name: 'full-days-equal-clock-time',
      calendar: { zone: 'America/Chicago', week: allDays },
      start: '2026-11-20T12:00:00-06:00',
      target: { businessHours: 48 },
    },
    expect: { due: '2026-11-22T12:00:00-06:00' },
  },
  {
    case: {
      name: 'at-due-is-not-breached',
      calendar: chicago,
      start: '2026-11-23T09:00:00-06:00',
      target: { clockHours: 1 },
      at: '2026-11-23T10:00:00-06:00',
    },
    expect: { due: '2026-11-23T10:00:00-06:00', elapsedSeconds: 3600, remainingSeconds: 0, breached: false },
  },
  {
    case: {
      name: 'stopped-at-due-is-met',
      calendar: chicago,
      start: '2026-11-23T09:00:00-06:00',
      target: { clockHours: 1 },
      stop: '2026-11-23T10:00:00-06:00',
      at: '2026-11-23T12:00:00-06:00',
    },
    expect: { due: '2026-11-23T10:00:00-06:00', elapsedSeconds: 3600, remainingSeconds: 0, breached: false },
  },
  {
    case: {
      name: 'stopped-after-due-is-breached',
      calendar: chicago,
      start: '2026-11-23T09:00:00-06:00',
      target: { clockHours: 1 },
      stop: '2026-11-23T10:00:01-06:00',
      at: '2026-11-23T12:00:00-06:00',
    },
    expect: { due: '2026-11-23T10:00:00-06:00', elapsedSeconds: 3601, remainingSeconds: -1, breached: true },
  },
  {
    case: {
      name: 'always-with-display-zone',
      calendar: { always: true, zone: 'Europe/London' },
      start: '2026-07-01T10:00:00Z',
      target: { businessHours: 2 },
    },
    expect: { due: '2026-07-01T13:00:00+01:00' },
  },
];

describe('own SLA cases (sla-semantics.md rules)', () => {
  for (const c of cases) {
    it(String(c.case.name), () => {
      expect(runClockCase(clockCaseSchema.parse(c.case))).toEqual({ name: c.case.name, ...c.expect });
    });
  }
});
