import { z } from 'zod';
import { calendarSpecSchema } from '../calendar/calendar-spec.js';
import { compileCalendar } from '../calendar/compile-calendar.js';
import { formatIssues } from '../contract/decode.js';
import { formatInstant, parseInstant } from '../sla/format.js';
import { slaClockAt, slaDue } from '../sla/sla-clock.js';
import { targetSchema } from '../sla/target.js';

const instant = z.string().transform((s, ctx) => {
  try {
    return parseInstant(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

/**
 * Zod schema of one clock case, shaped like sla-vectors.json: calendar, start, target, optional
 * `pauses` (`[from, to]`, `to` null while open), optional `at` and `stop`; `expect` is ignored.
 * @example
 * clockCaseSchema.parse({ name: 'x', calendar: { always: true }, start: '2026-11-20T10:00:00Z', target: { clockHours: 1 } });
 */
export const clockCaseSchema = z.object({
  name: z.string().min(1),
  calendar: calendarSpecSchema,
  start: instant,
  target: targetSchema,
  pauses: z.array(z.tuple([instant, instant.nullable()])).optional(),
  at: instant.optional(),
  stop: instant.optional(),
  expect: z.unknown().optional(),
});

/**
 * Zod schema of a cases file `{ "cases": [...] }`.
 * @example
 * clockCasesFileSchema.parse(JSON.parse(readFileSync('sla-vectors.json', 'utf8'))).cases.length;
 */
export const clockCasesFileSchema = z.object({ cases: z.array(clockCaseSchema) });

/**
 * The answer for one case, as printed by `pbxwatch-sla --cases` (one JSON object per line); the
 * last three fields only when the case has `at`.
 * @example
 * const r: CaseResult = { name: 'x', due: '2026-11-23T12:00:00-06:00' };
 */
export interface CaseResult {
  name: string;
  /** ISO 8601 in the calendar zone, or null while an open pause holds the clock. */
  due: string | null;
  elapsedSeconds?: number;
  remainingSeconds?: number;
  breached?: boolean;
}

/**
 * Runs a parsed case: due in the calendar's zone (`Z` form for `always`), and the state at `at`.
 * @example
 * runClockCase(clockCaseSchema.parse(vector)).due; // '2026-11-23T12:00:00-06:00'
 */
export function runClockCase(c: z.output<typeof clockCaseSchema>): CaseResult {
  const calendar = compileCalendar(c.calendar);
  const spec = {
    calendar,
    start: c.start,
    target: c.target,
    pauses: (c.pauses ?? []).map(([from, to]) => ({ from, to })),
  };
  const due = slaDue(spec);
  const result: CaseResult = { name: c.name, due: due === null ? null : formatInstant(due, calendar.zone) };
  if (c.at === undefined) return result;
  const s = slaClockAt({ ...spec, at: c.at, stoppedAt: c.stop ?? null });
  return {
    ...result,
    elapsedSeconds: s.elapsedSeconds,
    remainingSeconds: s.remainingSeconds,
    breached: s.breached,
  };
}

/**
 * Parses a cases file's text and runs every case, returning one JSON line per case. Throws an
 * error naming the field path (`cases.3.start: …`) when the file is malformed.
 * @example
 * runCasesText(readFileSync('sla-vectors.json', 'utf8')); // ['{"name":"…","due":"…"}', …]
 */
export function runCasesText(text: string): string[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`cases file is not JSON: ${(e as Error).message}`);
  }
  const parsed = clockCasesFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`invalid cases file: ${formatIssues(parsed.error)}`);
  return parsed.data.cases.map((c) => JSON.stringify(runClockCase(c)));
}
