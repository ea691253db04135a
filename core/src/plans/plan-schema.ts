import { z } from 'zod';
import { calendarSpecSchema } from '../calendar/calendar-spec.js';
import { PRIORITIES, type Priority } from '../priority.js';
import { type Target, targetHoursSchema } from '../sla/target.js';

/**
 * Events that stop an objective's clock (sla-semantics.md §Starting, pausing, stopping).
 * @example
 * STOP_EVENTS.includes('restored'); // true
 */
export const STOP_EVENTS = ['acknowledged', 'restored'] as const;

/**
 * An event that stops a clock: the first acknowledgement by a person, or restoration (the site
 * reports the condition cleared, or the ticket is resolved by hand, whichever is first).
 * @example
 * const e: StopEvent = 'acknowledged';
 */
export type StopEvent = (typeof STOP_EVENTS)[number];

/**
 * Zod schema of one objective as written in a plan: exactly one target key, an optional `stopsOn`
 * (default: `acknowledged` for `response`, `restored` for every other objective) and a `note`.
 * Parses to `{ target, stopsOn?, note? }`.
 * @example
 * objectiveSchema.parse({ businessDays: 3, note: 'action plan' }); // { target: { businessDays: 3 }, note: 'action plan' }
 */
export const objectiveSchema = z.preprocess(
  // Also accept the parsed form `{ target: {...}, stopsOn, note }`, so a parsed plan saved as JSON reads back.
  (v) =>
    typeof v === 'object' && v !== null && 'target' in v && typeof v.target === 'object'
      ? { ...(v.target as object), ...Object.fromEntries(Object.entries(v).filter(([k]) => k !== 'target')) }
      : v,
  z
    .strictObject({
      clockHours: targetHoursSchema.optional(),
      businessHours: targetHoursSchema.optional(),
      businessDays: z.number().positive().finite().optional(),
      stopsOn: z.enum(STOP_EVENTS).optional(),
      note: z.string().optional(),
    })
    .superRefine((o, ctx) => {
      const n = [o.clockHours, o.businessHours, o.businessDays].filter((v) => v !== undefined).length;
      if (n !== 1)
        ctx.addIssue({
          code: 'custom',
          message: 'give exactly one of clockHours, businessHours, businessDays',
        });
    })
    .transform((o): Objective => {
      const target: Target =
        o.clockHours !== undefined
          ? { clockHours: o.clockHours }
          : o.businessHours !== undefined
            ? { businessHours: o.businessHours }
            : { businessDays: o.businessDays as number };
      return { target, ...(o.stopsOn ? { stopsOn: o.stopsOn } : {}), ...(o.note ? { note: o.note } : {}) };
    }),
);

/**
 * A parsed objective.
 * @example
 * const o: Objective = { target: { clockHours: 2 }, stopsOn: 'acknowledged' };
 */
export interface Objective {
  target: Target;
  stopsOn?: StopEvent;
  note?: string;
}

const objectivesSchema = z.record(z.string(), objectiveSchema).superRefine((objectives, ctx) => {
  for (const name of Object.keys(objectives)) {
    if (!/^[a-z][a-zA-Z0-9]*$/.test(name)) {
      ctx.addIssue({
        code: 'custom',
        path: [name],
        message: 'objective names are camelCase (response, resolution, actionPlan)',
      });
    }
  }
});

const prioritiesShape = Object.fromEntries(PRIORITIES.map((p) => [p, objectivesSchema.optional()])) as Record<
  Priority,
  z.ZodOptional<typeof objectivesSchema>
>;

/**
 * Zod schema of a coverage plan: a calendar and, per priority, named objectives; `warnAt` (fraction
 * of a target after which a running clock warns, default 0.75); where it comes from (`source`) and
 * `notes` that mark every assumption. Errors name the field path (`priorities.P1.response.clockHours`).
 * @example
 * planSchema.parse({ name: 'x', calendar: { always: true }, priorities: { P1: { response: { clockHours: 1 } } } });
 */
export const planSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'plan names are kebab-case'),
  title: z.string().optional(),
  source: z
    .strictObject({ contract: z.string().min(1), file: z.string().optional(), url: z.string().optional() })
    .optional(),
  notes: z.array(z.string()).default([]),
  calendar: calendarSpecSchema,
  warnAt: z.number().gt(0).max(1).default(0.75),
  priorities: z.strictObject(prioritiesShape),
});

/**
 * A validated plan.
 * @example
 * const plan: Plan = getPreset('ipcelerate');
 */
export type Plan = z.output<typeof planSchema>;

/**
 * A plan as written (YAML/JSON), before defaults.
 * @example
 * const input: PlanInput = { name: 'mine', calendar: { always: true }, priorities: {} };
 */
export type PlanInput = z.input<typeof planSchema>;
