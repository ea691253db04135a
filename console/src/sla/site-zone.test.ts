import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Harness, makeHarness } from '../test-helpers/harness.js';

// Monday 2026-11-23 16:30 in Denver (MST, UTC-7) = 17:30 in Chicago, after Chicago's hours.
const OPENED = Date.parse('2026-11-23T16:30:00-07:00');
let h: Harness;
beforeEach(() => {
  h = makeHarness({}, OPENED);
  const hours = { zone: 'America/Chicago', week: { mon: ['08:00-17:00'], tue: ['08:00-17:00'] } };
  h.plans.createCustom('local-hours', {
    name: 'local-hours',
    calendar: { ...hours, zoneFromSite: true },
    priorities: { P2: { response: { businessHours: 2 } } },
  });
  h.plans.createCustom('chicago-hours', {
    name: 'chicago-hours',
    calendar: hours,
    priorities: { P2: { response: { businessHours: 2 } } },
  });
  for (const [id, planKey] of [
    ['denver-local', 'local-hours'],
    ['denver-chicago', 'chicago-hours'],
  ] as const)
    h.sites.create({ id, name: id, planKey, timeZone: 'America/Denver' });
});
afterEach(() => h.close());

const open = (siteId: string) =>
  h.tickets.createManual({ siteId, priority: 'P2', summary: 'handsets dead' }, 'alice').id;

describe('plans whose hours are local to each site', () => {
  it("run the clock on the site's own business hours", () => {
    // Denver hours: 30 min left on Monday, then 08:00-09:30 on Tuesday, Denver time.
    const local = h.ticketQueries.get(open('denver-local')).sla.response;
    expect(local?.dueAt).toBe(Date.parse('2026-11-24T09:30:00-07:00'));
    // A plan on Chicago's hours: closed at 17:30 Chicago, 2 h from 08:00 Tuesday Chicago = 09:00 Denver.
    const chicago = h.ticketQueries.get(open('denver-chicago')).sla.response;
    expect(chicago?.dueAt).toBe(Date.parse('2026-11-24T10:00:00-06:00'));
  });

  it("follow the site when its zone changes, and drive the scheduler's next wake-up", () => {
    const id = open('denver-local');
    h.sites.update('denver-local', { timeZone: 'America/New_York' });
    // New York: 18:30 on Monday, closed; 08:00-10:00 Tuesday New York time.
    expect(h.ticketQueries.get(id).sla.response?.dueAt).toBe(Date.parse('2026-11-24T10:00:00-05:00'));
    const t = h.ticketRepo.get(id)!;
    // The warning at 75% of the target: 1.5 business hours in, 09:30 New York time.
    expect(h.sla.nextChange(t, OPENED)).toBe(Date.parse('2026-11-24T09:30:00-05:00'));
  });
});
