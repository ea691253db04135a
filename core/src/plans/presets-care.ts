import type { PlanInput } from './plan-schema.js';
import { SEEDS, weekdayCalendar } from './preset-helpers.js';

const AVST_COMMON = [
  'No numeric objective: "Emergency after hour technical support on a call back basis for critically impaired ' +
    'systems" states no time.',
  'Holidays are not stated: none.',
  'Support covers systems within one release of the current version of software.',
];

const BENCOMM_COMMON = [
  'Service hours: "8am to 5pm Monday through Friday (excluding BenComm holidays)".',
  'ASSUMED holidays: the contract does not list the BenComm holidays; US public holidays are used until the ' +
    'provider supplies its list (add them as explicit dates).',
  "Zone: hours are local to each site (calendar.zoneFromSite): clocks run in the site's zone; America/Chicago " +
    'only where no site zone is known.',
  'No numeric response or resolution objective is stated.',
  'Eligibility: IP Office R8.1 or later; R8.0 and earlier must upgrade first.',
];

/**
 * AVST XpressCare and BenComm presets (seeds 003, 000): coverage calendars without numeric objectives.
 * @example
 * CARE_PRESETS.map((p) => p.name); // ['avst-xpresscare-na', …]
 */
export const CARE_PRESETS: readonly PlanInput[] = [
  {
    name: 'avst-xpresscare-na',
    title: 'AVST XpressCare - North America',
    source: { contract: 'AVST Software Protection & Support Plans, XpressCare', file: SEEDS.avst },
    notes: [
      'Business hours "5:00 a.m. - 5:00 p.m. Pacific Time for North American resellers", Monday to Friday ' +
        '(ASSUMED: the page gives no weekdays).',
      ...AVST_COMMON,
    ],
    calendar: weekdayCalendar('America/Los_Angeles', '05:00-17:00'),
    priorities: {},
  },
  {
    name: 'avst-xpresscare-emea',
    title: 'AVST XpressCare - EMEA',
    source: { contract: 'AVST Software Protection & Support Plans, XpressCare', file: SEEDS.avst },
    notes: [
      'Business hours "8:00 a.m. - 5:00 p.m. GMT for EMEA resellers", Monday to Friday (ASSUMED: the page gives ' +
        'no weekdays).',
      'ASSUMED zone Europe/London (UK summer time applies); the page says GMT, whose literal reading is Etc/GMT.',
      ...AVST_COMMON,
    ],
    calendar: weekdayCalendar('Europe/London', '08:00-17:00'),
    priorities: {},
  },
  {
    name: 'bencomm-basiccare',
    title: 'BenComm BasicCare (IP Office)',
    source: { contract: 'BenComm Maintenance, BenComm BasicCare', file: SEEDS.bencomm },
    notes: [
      ...BENCOMM_COMMON,
      'Coverage: break/fix of covered IP Office core system hardware (not phones or peripherals), software upgrade ' +
        'licences (labour billable), Tier 1 & 2 support, escalations to Avaya.',
    ],
    calendar: { ...weekdayCalendar('America/Chicago', '08:00-17:00', 'US'), zoneFromSite: true },
    priorities: {},
  },
  {
    name: 'bencomm-totalcare',
    title: 'BenComm TotalCare (IP Office)',
    source: { contract: 'BenComm Maintenance, BenComm TotalCare', file: SEEDS.bencomm },
    notes: [
      ...BENCOMM_COMMON,
      'Coverage: BasicCare plus remote moves/adds/changes, upgrade labour, carrier dial-tone issues, trip fees ' +
        'within 30 miles, end-user training, backup/restore.',
    ],
    calendar: { ...weekdayCalendar('America/Chicago', '08:00-17:00', 'US'), zoneFromSite: true },
    priorities: {},
  },
];
