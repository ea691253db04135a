import type { PlanInput } from './plan-schema.js';
import { SEEDS, weekdayCalendar } from './preset-helpers.js';

const ROI_CALENDAR_NOTE =
  'ASSUMED calendar: the page states no business hours or holidays; Mon-Fri 08:00-17:00 America/Los_Angeles ' +
  '(ROI Networks is in Irvine, CA; support line 949-248-5098) with US public holidays.';
const ROI_CLOCK_NOTE = 'ASSUMED: "hour" objectives are clock hours (the page does not say business hours).';

/**
 * ROI Networks presets (seed 004), as tabled in plans.md; use `getPreset` for the validated form.
 * @example
 * ROI_PRESETS.map((p) => p.name); // ['roi-priority', 'roi-spp', 'roi-spp-sa', 'roi-tm']
 */
export const ROI_PRESETS: readonly PlanInput[] = [
  {
    name: 'roi-priority',
    title: 'ROI Networks - Priority Levels',
    source: { contract: 'ROI Networks Support Center, "Priority Levels"', file: SEEDS.roi },
    notes: [
      ROI_CALENDAR_NOTE,
      ROI_CLOCK_NOTE,
      'P1 Outage: "1 hour response time objective with a 4 hour resolution objective".',
      'P2 Outage: "4 hour response time objective with a 24 hour resolution objective".',
      'P3 Case of trouble: "8 hour response time objective with a 5 business day resolution objective"; ' +
        '5 business days = 5 x 9 h of this calendar.',
      'The page defines P1-P3 only: P4 has no objective.',
    ],
    calendar: weekdayCalendar('America/Los_Angeles', '08:00-17:00', 'US'),
    priorities: {
      P1: { response: { clockHours: 1 }, resolution: { clockHours: 4 } },
      P2: { response: { clockHours: 4 }, resolution: { clockHours: 24 } },
      P3: { response: { clockHours: 8 }, resolution: { businessDays: 5 } },
    },
  },
  {
    name: 'roi-spp',
    title: 'ROI ServiceWorks Protection Plan (SPP)',
    source: { contract: 'ROI Networks ServiceWorks Protection Plan (ServiceWorks - SPP)', file: SEEDS.roi },
    notes: [
      ROI_CALENDAR_NOTE,
      ROI_CLOCK_NOTE,
      'P1 = major alarm/outage: "2 hour response".',
      'P2 = minor alarm: the page says "12-24 hour response"; the objective uses the bound, 24 h.',
      'No resolution objective is stated; P3/P4 are not named: no objective.',
    ],
    calendar: weekdayCalendar('America/Los_Angeles', '08:00-17:00', 'US'),
    priorities: {
      P1: { response: { clockHours: 2, note: 'major alarms/outages' } },
      P2: { response: { clockHours: 24, note: 'minor alarms: 12-24 h, bound 24 h' } },
    },
  },
  {
    name: 'roi-spp-sa',
    title: 'ROI ServiceWorks Protection Plan Service Advantage (SPP-SA)',
    source: {
      contract: 'ROI Networks ServiceWorks Protection Plan Service Advantage (SPP-SA)',
      file: SEEDS.roi,
    },
    notes: [
      'Calendar 7x24: "7 days per week, 24 hours a day, service and support".',
      'P1 = emergency or service affecting: "2 hours".',
      'P2 = non-emergency: "8 hours". The page reads "non-emergency or service affecting"; ' +
        'ASSUMED to mean non-emergency / not service affecting (service affecting is already 2 h).',
      'No resolution objective is stated; P3/P4 are not named: no objective.',
    ],
    calendar: { always: true },
    priorities: {
      P1: { response: { clockHours: 2, note: 'emergency or service affecting' } },
      P2: { response: { clockHours: 8, note: 'non-emergency' } },
    },
  },
  {
    name: 'roi-tm',
    title: 'ROI ServiceWorks Time and Materials (T&M)',
    source: { contract: 'ROI Networks Time and Materials Support (ServiceWorks - T&M)', file: SEEDS.roi },
    notes: [
      'Best effort: "Our targeted response time for T&M customers is 8 hour response for major cases of ' +
        'trouble and 24 hour response for minor cases of trouble".',
      'ASSUMED calendar 7x24 and clock hours (plans.md); the page does not say business or clock hours.',
      'P1 = major, P2 = minor; no resolution objective; P3/P4 not named: no objective.',
    ],
    calendar: { always: true },
    priorities: {
      P1: { response: { clockHours: 8, note: 'major cases of trouble (target, best effort)' } },
      P2: { response: { clockHours: 24, note: 'minor cases of trouble (target, best effort)' } },
    },
  },
];
