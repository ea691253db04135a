import type { PlanInput } from './plan-schema.js';
import { SEEDS, weekdayCalendar } from './preset-helpers.js';

const NULL_AND_VOID =
  '"The above time frames and responses will become null and void if access to equipment or information ' +
  'is denied or delayed by Customer": record a pause with reason customer-access.';

/**
 * IPcelerate and Presence Management presets (seeds 001, 002), as tabled in plans.md.
 * @example
 * VENDOR_PRESETS.map((p) => p.name); // ['ipcelerate', 'presence-ipecs']
 */
export const VENDOR_PRESETS: readonly PlanInput[] = [
  {
    name: 'ipcelerate',
    title: 'IPcelerate Maintenance Policy - Exhibit A',
    source: {
      contract: 'IPcelerate Maintenance Policy, Exhibit A "Problem Resolution procedure"',
      file: SEEDS.ipcelerate,
    },
    notes: [
      'Regular Hours: "8 AM to 6 PM Monday through Friday, except for scheduled IPcelerate holidays", Central Time.',
      'ASSUMED holidays: IPcelerate does not list its holidays; US public holidays are used.',
      '"In the above chart hours refer to clock hours and days refer to business days" (10 h business days here).',
      'Objectives map the table: response = Level One Support, escalation = Level Two Support, ' +
        'actionPlan = Action Plan for Incident Resolution, workaround = Patch or Workaround Availability.',
      '"Less than 2 hours" is due at 2 h; "10 or more business days" / "20 or more business days" are taken as 10 / 20.',
      'P3 and P4 workaround is "Next Release": no timed objective.',
      'The contract times run from the telephoned notification or the acknowledgement of a web ticket; pbxwatch ' +
        'measures from detectedAt (sla-semantics.md), which is never later.',
      'ASSUMED: escalation, actionPlan and workaround stop when service is restored or the ticket resolved, unless ' +
        'the console records an explicit stop for them.',
      NULL_AND_VOID,
    ],
    calendar: weekdayCalendar('America/Chicago', '08:00-18:00', 'US'),
    priorities: {
      P1: {
        response: { clockHours: 2 },
        escalation: { clockHours: 2 },
        actionPlan: { businessDays: 3 },
        workaround: { businessDays: 10 },
      },
      P2: {
        response: { clockHours: 6 },
        escalation: { clockHours: 6 },
        actionPlan: { businessDays: 5 },
        workaround: { businessDays: 20 },
      },
      P3: { response: { clockHours: 24 }, escalation: { clockHours: 24 }, actionPlan: { businessDays: 20 } },
      P4: { response: { clockHours: 24 }, escalation: { clockHours: 24 }, actionPlan: { businessDays: 20 } },
    },
  },
  {
    name: 'presence-ipecs',
    title: 'Presence Management - iPECS support policy',
    source: {
      contract: 'Presence Management Support Terms and Conditions (effective 1/31/2020)',
      file: SEEDS.presence,
    },
    notes: [
      'Support hours: "8 A.M. to 5 P.M. EDT Monday through Friday"; EDT read as America/New_York (ASSUMED: the ' +
        'page names the summer offset; the zone follows DST).',
      'Holidays are not stated: none.',
      'P1 = "Emergency issue": more than 75% of the stations at a site cannot connect to the processor, make ' +
        'calls or receive calls.',
      'P1 response is the call-back: "A member of the support team will return the call within two hours" (stated ' +
        'for after-hours messages; ASSUMED to apply at all hours, as 2 clock hours).',
      'Other priorities: no stated objective.',
      'Eligibility: iPECS eMG/UCP older than 3.0.8 are discontinued; tier 3 escalation needs an active software ' +
        'maintenance licence and the latest release.',
    ],
    calendar: weekdayCalendar('America/New_York', '08:00-17:00'),
    priorities: { P1: { response: { clockHours: 2, note: 'call-back within two hours' } } },
  },
];
