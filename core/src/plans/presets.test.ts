import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../calendar/compile-calendar.js';
import { formatInstant, parseInstant as T } from '../sla/format.js';
import { evaluateTicket } from '../sla/ticket.js';
import { parsePlan, usesSiteZone, withCalendarZone } from './parse-plan.js';
import { getPreset, listPresets, PRESET_NAMES } from './presets.js';

const dueTimes = (name: string, priority: 'P1' | 'P2' | 'P3' | 'P4', start: string) => {
  const plan = getPreset(name);
  const at = T(start);
  return Object.fromEntries(
    evaluateTicket({ plan, detectedAt: at, priorityHistory: [{ at, priority }], at }).map((o) => [
      o.name,
      o.dueAt === null ? null : formatInstant(o.dueAt, compileCalendar(plan.calendar).zone),
    ]),
  );
};

describe('built-in presets', () => {
  it('ships exactly the plans.md presets, each validated, sourced and annotated', () => {
    expect(listPresets().map((p) => p.name)).toEqual([
      'roi-priority',
      'roi-spp',
      'roi-spp-sa',
      'roi-tm',
      'ipcelerate',
      'presence-ipecs',
      'avst-xpresscare-na',
      'avst-xpresscare-emea',
      'bencomm-basiccare',
      'bencomm-totalcare',
    ]);
    for (const p of listPresets()) {
      expect(p.source?.file).toMatch(/^00[0-4]_[0-9a-f]{16}\.txt$/);
      expect(p.source?.contract.length).toBeGreaterThan(5);
      expect(p.notes.length).toBeGreaterThan(1);
      expect(Object.isFrozen(p.calendar)).toBe(true);
      // Round trip: a preset written out as JSON is a valid user plan.
      expect(parsePlan(JSON.stringify(p)).name).toBe(p.name);
    }
    expect(getPreset('ipcelerate')).toBe(getPreset('ipcelerate'));
    expect(() => getPreset('roi-gold')).toThrow(/unknown plan preset "roi-gold" \(known: roi-priority/);
    expect(PRESET_NAMES).toHaveLength(10);
  });

  it('marks every assumption it makes', () => {
    for (const name of [
      'roi-priority',
      'ipcelerate',
      'presence-ipecs',
      'avst-xpresscare-emea',
      'bencomm-basiccare',
    ]) {
      expect(getPreset(name).notes.some((n) => n.includes('ASSUMED'))).toBe(true);
    }
    expect(getPreset('bencomm-totalcare').notes.join(' ')).toMatch(/does not list the BenComm holidays/);
  });

  it('gives IPcelerate due times: clock hours for response, business days on Central hours', () => {
    expect(dueTimes('ipcelerate', 'P1', '2026-11-25T16:30:00-06:00')).toEqual({
      response: '2026-11-25T18:30:00-06:00',
      escalation: '2026-11-25T18:30:00-06:00',
      actionPlan: '2026-12-01T16:30:00-06:00',
      workaround: '2026-12-10T16:30:00-06:00',
    });
    expect(Object.keys(dueTimes('ipcelerate', 'P4', '2026-11-25T16:30:00-06:00'))).toEqual([
      'response',
      'escalation',
      'actionPlan',
    ]);
  });

  it('gives ROI, Presence and 24x7 due times', () => {
    expect(dueTimes('roi-priority', 'P3', '2026-11-20T16:00:00-08:00')).toEqual({
      response: '2026-11-21T00:00:00-08:00',
      // 5 days of 9 h, skipping the weekend and Thanksgiving (US public holiday).
      resolution: '2026-11-30T16:00:00-08:00',
    });
    expect(dueTimes('roi-priority', 'P4', '2026-11-20T16:00:00-08:00')).toEqual({});
    expect(dueTimes('presence-ipecs', 'P1', '2026-11-21T22:00:00-05:00')).toEqual({
      response: '2026-11-22T00:00:00-05:00',
    });
    expect(dueTimes('roi-spp-sa', 'P2', '2026-11-21T22:00:00Z')).toEqual({
      response: '2026-11-22T06:00:00Z',
    });
    expect(dueTimes('roi-spp', 'P2', '2026-11-21T22:00:00-08:00')).toEqual({
      response: '2026-11-22T22:00:00-08:00',
    });
    expect(dueTimes('avst-xpresscare-na', 'P1', '2026-11-21T22:00:00-08:00')).toEqual({});
  });

  it('moves a per-site calendar to the site zone', () => {
    const denver = withCalendarZone(getPreset('bencomm-basiccare'), 'America/Denver');
    const cal = compileCalendar(denver.calendar);
    expect(cal.isOpen(T('2026-11-23T08:30:00-07:00'))).toBe(true);
    expect(cal.isOpen(T('2026-11-23T17:30:00-07:00'))).toBe(false);
    expect(() => withCalendarZone(getPreset('bencomm-basiccare'), 'MST')).toThrow(
      /calendar\.zone: not an IANA/,
    );
  });

  it('marks the per-site calendars (BenComm) and only those', () => {
    expect(PRESET_NAMES.filter((n) => usesSiteZone(getPreset(n)))).toEqual([
      'bencomm-basiccare',
      'bencomm-totalcare',
    ]);
    const mine = parsePlan(
      'name: mine\ncalendar: {zone: America/Chicago, zoneFromSite: true, week: {mon: ["08:00-17:00"]}}\npriorities: {}',
    );
    expect(usesSiteZone(mine)).toBe(true);
    expect(usesSiteZone(withCalendarZone(mine, 'America/Denver'))).toBe(true);
    expect(() => parsePlan('name: x\ncalendar: {always: true, zoneFromSite: true}\npriorities: {}')).toThrow(
      /zoneFromSite/,
    );
  });
});

describe('parsePlan', () => {
  it('reads YAML with defaults', () => {
    const plan = parsePlan(`
name: night-desk
source: { contract: "Night desk SLA v2" }
notes: ["ours"]
calendar:
  zone: Europe/London
  week: { mon: ["08:00-17:00"], tue: ["08:00-17:00"] }
  holidayRegion: GB
priorities:
  P1:
    response: { clockHours: 0.5 }
    resolution: { businessHours: 8, stopsOn: restored }
    workaround: { businessDays: 2, note: "patch" }
`);
    expect(plan.warnAt).toBe(0.75);
    expect(plan.priorities.P1).toEqual({
      response: { target: { clockHours: 0.5 } },
      resolution: { target: { businessHours: 8 }, stopsOn: 'restored' },
      workaround: { target: { businessDays: 2 }, note: 'patch' },
    });
  });

  it('names the field path of every error', () => {
    const bad = (text: string) => {
      try {
        parsePlan(text);
        return 'parsed';
      } catch (e) {
        return (e as Error).message;
      }
    };
    expect(
      bad(
        'name: x\ncalendar: {always: true}\npriorities: {P1: {response: {clockHours: 1, businessHours: 2}}}',
      ),
    ).toBe(
      'invalid plan: priorities.P1.response: give exactly one of clockHours, businessHours, businessDays',
    );
    expect(bad('name: x\ncalendar: {always: true}\npriorities: {P5: {}}')).toMatch(
      /priorities: Unrecognized key: "P5"/,
    );
    expect(bad('name: x\ncalendar: {zone: Mars/Base, week: {mon: ["08:00-17:00"]}}\npriorities: {}')).toMatch(
      /calendar\.zone: not an IANA time zone/,
    );
    expect(bad('name: x\ncalendar: {always: true}\nwarnAt: 1.5\npriorities: {}')).toMatch(
      /^invalid plan: warnAt:/,
    );
    expect(
      bad('name: x\ncalendar: {always: true}\npriorities: {P1: {response: {clockHours: 0.333}}}'),
    ).toMatch(/priorities\.P1\.response\.clockHours: targets are whole minutes/);
    expect(bad('name: [unclosed')).toMatch(/^plan is not valid YAML or JSON/);
    expect(
      bad(
        '{"name": "x", "calendar": {"always": true}, "priorities": {"P1": {"Bad-Name": {"clockHours": 1}}}}',
      ),
    ).toMatch(/priorities\.P1\.Bad-Name: objective names are camelCase/);
  });
});
