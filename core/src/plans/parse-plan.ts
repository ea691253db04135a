import { parse as parseYaml } from 'yaml';
import { formatIssues } from '../contract/decode.js';
import { type Plan, planSchema } from './plan-schema.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/**
 * Validates a plan object (already parsed from YAML/JSON) and returns it deeply frozen. Throws an
 * error whose message names each bad field path (`priorities.P1.response: give exactly one of …`).
 * @example
 * const plan = validatePlan({ name: 'x', calendar: { always: true }, priorities: { P1: { response: { clockHours: 1 } } } });
 */
export function validatePlan(value: unknown): Plan {
  const r = planSchema.safeParse(value);
  if (!r.success) throw new Error(`invalid plan: ${formatIssues(r.error)}`);
  return deepFreeze(r.data);
}

/**
 * Parses a plan written in YAML or JSON (JSON is YAML) and validates it (see {@link validatePlan}).
 * @example
 * parsePlan(`
 * name: night-desk
 * calendar: { zone: Europe/London, week: { mon: ["08:00-17:00"] }, holidayRegion: GB }
 * priorities:
 *   P1: { response: { clockHours: 1 }, resolution: { businessHours: 8 } }
 * `);
 */
export function parsePlan(text: string): Plan {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (e) {
    throw new Error(`plan is not valid YAML or JSON: ${(e as Error).message}`);
  }
  return validatePlan(value);
}

/**
 * True when the plan's business hours are local to each site (`calendar.zoneFromSite`), so that
 * its clocks must run in the site's zone ({@link withCalendarZone}).
 * @example
 * usesSiteZone(getPreset('bencomm-basiccare')); // true
 */
export function usesSiteZone(plan: Plan): boolean {
  return 'zoneFromSite' in plan.calendar && plan.calendar.zoneFromSite === true;
}

/**
 * The same plan on a business calendar in another zone: for contracts whose hours are local to
 * each site (BenComm: "zone per site"). An `always` calendar only changes its display zone.
 * @example
 * const plan = withCalendarZone(getPreset('bencomm-basiccare'), 'America/Denver');
 */
export function withCalendarZone(plan: Plan, zone: string): Plan {
  if (plan.calendar.zone === zone) return plan;
  return validatePlan({ ...plan, calendar: { ...plan.calendar, zone } });
}
