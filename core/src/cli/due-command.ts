import { compileCalendar } from '../calendar/compile-calendar.js';
import type { Plan } from '../plans/plan-schema.js';
import type { Priority } from '../priority.js';
import { formatInstant, humanDuration, humanInstant } from '../sla/format.js';
import { describeTarget } from '../sla/target.js';
import { evaluateTicket } from '../sla/ticket.js';

/**
 * Inputs of {@link dueReport}: a plan and one ticket's facts (epoch ms).
 * @example
 * const input: DueInput = { plan: getPreset('ipcelerate'), priority: 'P1', start, pauses: [], at: start };
 */
export interface DueInput {
  plan: Plan;
  priority: Priority;
  start: number;
  pauses: ReadonlyArray<{ from: number; to: number | null }>;
  at: number;
  ack?: number;
  restored?: number;
}

/**
 * The lines `pbxwatch-sla due` prints: a header, then per objective its target, due time (ISO in
 * the calendar zone and a human form), state and elapsed/remaining time at `at`.
 * @example
 * dueReport({ plan: getPreset('ipcelerate'), priority: 'P1', start, pauses: [], at: start }).join('\n');
 */
export function dueReport(input: DueInput): string[] {
  const { plan, priority, start, at } = input;
  const calendar = compileCalendar(plan.calendar);
  const zone = calendar.zone;
  const lines = [
    `plan ${plan.name}${plan.title ? ` (${plan.title})` : ''}, ${priority}, detected ${formatInstant(start, zone)}, at ${formatInstant(at, zone)}`,
  ];
  const statuses = evaluateTicket({
    plan,
    calendar,
    detectedAt: start,
    priorityHistory: [{ at: start, priority }],
    pauses: input.pauses.map((p) => ({ from: p.from, to: p.to })),
    acknowledgedAt: input.ack ?? null,
    restoredAt: input.restored ?? null,
    at,
  });
  if (statuses.length === 0) {
    lines.push(`no objectives for ${priority} in plan ${plan.name}`);
    return lines;
  }
  const width = Math.max(...statuses.map((s) => s.name.length));
  for (const s of statuses) {
    const due =
      s.dueAt === null
        ? 'due: held by an open pause'
        : `due ${formatInstant(s.dueAt, zone)} (${humanInstant(s.dueAt, zone)})`;
    const state = `${s.state}${s.warning ? ' (warning)' : ''}`;
    lines.push(
      `${s.name.padEnd(width)}  ${describeTarget(s.target).padEnd(17)} ${due}  ${state}, elapsed ${humanDuration(s.elapsedSeconds)}, remaining ${humanDuration(s.remainingSeconds)}`,
    );
  }
  return lines;
}
