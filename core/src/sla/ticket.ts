import { type Calendar, compileCalendar } from '../calendar/compile-calendar.js';
import type { OpenTime } from '../calendar/open-time.js';
import type { Objective, Plan } from '../plans/plan-schema.js';
import type { Priority } from '../priority.js';
import { type ClockState, evaluateClock } from './clock.js';
import { normalizePauses, type PauseLike } from './pause.js';
import { countedTime, type Target, targetMs } from './target.js';

/**
 * A ticket's priority from instant `at` on (epoch ms). The first entry is the initial priority.
 * @example
 * const h: PriorityChange[] = [{ at: detectedAt, priority: 'P2' }, { at: detectedAt + 3_000_000, priority: 'P1' }];
 */
export interface PriorityChange {
  at: number;
  priority: Priority;
}

/**
 * Stored facts of a ticket from which its clocks are derived (sla-semantics.md §Reports:
 * deterministic from stored timestamps). All instants are epoch ms.
 * @example
 * const facts: TicketFacts = { plan: getPreset('ipcelerate'), detectedAt, priorityHistory: [{ at: detectedAt, priority: 'P1' }], at: now };
 */
export interface TicketFacts {
  plan: Plan;
  /** Defaults to `compileCalendar(plan.calendar)` (memoised). */
  calendar?: Calendar;
  /** When the site first saw the fault: every clock starts here. */
  detectedAt: number;
  priorityHistory: readonly PriorityChange[];
  pauses?: readonly PauseLike[];
  /** First acknowledgement by a person: stops `response` (and any `stopsOn: acknowledged`). */
  acknowledgedAt?: number | null;
  /** The site reported the condition cleared: stops `resolution` and other restore-stopped objectives. */
  restoredAt?: number | null;
  /** Resolved by hand: stops like `restoredAt`, whichever is first. */
  resolvedAt?: number | null;
  /** Explicit stops per objective name (e.g. `{ escalation: t }`), earliest applicable stop wins. */
  stoppedAt?: Readonly<Record<string, number | null | undefined>>;
  /** The instant to evaluate at; facts after it are ignored. */
  at: number;
}

/**
 * One objective of a ticket at `at`.
 * @example
 * const s: ObjectiveStatus = evaluateTicket(facts)[0];
 */
export interface ObjectiveStatus {
  name: string;
  /** The priority whose target applies (the current one, or the one in force when it stopped). */
  priority: Priority;
  target: Target;
  targetSeconds: number;
  /** Epoch ms; null while an open pause holds the clock short of its target. */
  dueAt: number | null;
  state: ClockState;
  elapsedSeconds: number;
  remainingSeconds: number;
  warning: boolean;
  stoppedAt: number | null;
}

/**
 * One objective with what is needed to evaluate it, shared by {@link evaluateTicket} and
 * `nextStateChange`.
 * @example
 * for (const c of resolveObjectives(facts)) console.log(c.name, c.targetMs);
 */
export interface ResolvedObjective {
  name: string;
  priority: Priority;
  objective: Objective;
  time: OpenTime;
  targetMs: number;
  stoppedAt: number | null;
}

/**
 * The priority in force at `t`: the last change at or before `t` (the initial one before that).
 * @example
 * priorityAt([{ at: 0, priority: 'P2' }, { at: 10, priority: 'P1' }], 5); // 'P2'
 */
export function priorityAt(history: readonly PriorityChange[], t: number): Priority {
  const first = history[0];
  if (!first) throw new Error('priorityHistory: needs at least the initial priority');
  let p = first.priority;
  for (const c of history) if (c.at <= t) p = c.priority;
  return p;
}

const earliest = (a: number | null, b: number | null | undefined, at: number): number | null =>
  b === undefined || b === null || b > at ? a : a === null || b < a ? b : a;

/**
 * The objectives of the priority in force at `facts.at`, each with the target that applies: a
 * priority change re-targets every running objective retroactively from `detectedAt`; an objective
 * that stopped keeps the target of the priority in force when it stopped.
 * @example
 * resolveObjectives(facts).map((o) => o.name); // ['response', 'escalation', 'actionPlan', 'workaround']
 */
export function resolveObjectives(facts: TicketFacts, calendar: Calendar): ResolvedObjective[] {
  const { plan, at } = facts;
  const current = priorityAt(facts.priorityHistory, at);
  const objectives = plan.priorities[current] ?? {};
  const restored = earliest(null, facts.restoredAt, at);
  const closed = earliest(restored, facts.resolvedAt, at);
  const out: ResolvedObjective[] = [];
  for (const name in objectives) {
    const base = objectives[name] as Objective;
    const stopsOn = base.stopsOn ?? (name === 'response' ? 'acknowledged' : 'restored');
    let stop = stopsOn === 'acknowledged' ? earliest(null, facts.acknowledgedAt, at) : closed;
    stop = earliest(stop, facts.stoppedAt?.[name], at);
    const priority = stop === null ? current : priorityAt(facts.priorityHistory, stop);
    const atStop = plan.priorities[priority]?.[name];
    const objective = atStop ?? base;
    out.push({
      name,
      priority: atStop ? priority : current,
      objective,
      time: countedTime(objective.target, calendar),
      targetMs: targetMs(objective.target, calendar),
      stoppedAt: stop,
    });
  }
  return out;
}

/**
 * Evaluates every objective of a ticket at `facts.at` from its stored facts: due instant, state,
 * elapsed/remaining seconds, warning and stop (sla-semantics.md). Pure and deterministic.
 * @example
 * const [response] = evaluateTicket({
 *   plan: getPreset('ipcelerate'), detectedAt: Date.parse('2026-11-25T16:30:00-06:00'),
 *   priorityHistory: [{ at: Date.parse('2026-11-25T16:30:00-06:00'), priority: 'P1' }],
 *   at: Date.parse('2026-11-25T17:00:00-06:00'),
 * });
 * response.dueAt; // Date.parse('2026-11-25T18:30:00-06:00')
 */
export function evaluateTicket(facts: TicketFacts): ObjectiveStatus[] {
  const calendar = facts.calendar ?? compileCalendar(facts.plan.calendar);
  const pauses = normalizePauses(facts.pauses, facts.detectedAt);
  const out: ObjectiveStatus[] = [];
  for (const o of resolveObjectives(facts, calendar)) {
    const s = evaluateClock({
      time: o.time,
      start: facts.detectedAt,
      targetMs: o.targetMs,
      pauses,
      stoppedAt: o.stoppedAt,
      at: facts.at,
      warnAt: facts.plan.warnAt,
    });
    const targetSeconds = Math.round(o.targetMs / 1000);
    const elapsedSeconds = Math.floor(s.elapsedMs / 1000);
    out.push({
      name: o.name,
      priority: o.priority,
      target: o.objective.target,
      targetSeconds,
      dueAt: s.dueAt,
      state: s.state,
      elapsedSeconds,
      remainingSeconds: targetSeconds - elapsedSeconds,
      warning: s.warning,
      stoppedAt: s.stoppedAt,
    });
  }
  return out;
}
