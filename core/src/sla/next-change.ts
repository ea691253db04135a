import { compileCalendar } from '../calendar/compile-calendar.js';
import { dueInstant, evaluateClock } from './clock.js';
import { normalizePauses } from './pause.js';
import { resolveObjectives, type TicketFacts } from './ticket.js';

/**
 * What changes next on a ticket's clocks: a running objective starts to warn, an objective becomes
 * breached, or a recorded pause begins or ends.
 * @example
 * const k: StateChangeKind = 'breach';
 */
export type StateChangeKind = 'warning' | 'breach' | 'pause-start' | 'pause-end';

/**
 * The next state change after `facts.at`.
 * @example
 * const c: StateChange = { at: due + 1, objective: 'response', kind: 'breach' };
 */
export interface StateChange {
  /** Epoch ms of the first instant with the new state. */
  at: number;
  /** The objective concerned (for pause changes: the first objective the pause affects). */
  objective: string;
  kind: StateChangeKind;
}

/**
 * The next instant after `facts.at` at which any objective of the ticket changes state, so the
 * console can set one timer instead of scanning. A breach is reported at `dueAt + 1` ms, the first
 * instant that is breached (at exactly `dueAt` it is not). Returns null when nothing will change
 * without a new fact (all objectives stopped or breached, or held by an open pause).
 * @example
 * const next = nextStateChange(facts);
 * if (next) timers.setTimeout(reevaluate, next.at - clock.now());
 */
export function nextStateChange(facts: TicketFacts): StateChange | null {
  const calendar = facts.calendar ?? compileCalendar(facts.plan.calendar);
  const pauses = normalizePauses(facts.pauses, facts.detectedAt);
  const { at, detectedAt: start } = facts;
  const warnAt = facts.plan.warnAt;
  let best: StateChange | null = null;
  const offer = (t: number, objective: string, kind: StateChangeKind) => {
    if (t > at && (best === null || t < best.at)) best = { at: t, objective, kind };
  };
  for (const o of resolveObjectives(facts, calendar)) {
    const s = evaluateClock({
      time: o.time,
      start,
      targetMs: o.targetMs,
      pauses,
      stoppedAt: o.stoppedAt,
      at,
      warnAt,
    });
    if (s.state !== 'running' && s.state !== 'paused') continue;
    if (!s.warning && warnAt < 1) {
      const w = dueInstant(o.time, start, Math.ceil(warnAt * o.targetMs), pauses);
      if (w !== null) offer(w, o.name, 'warning');
    }
    if (s.dueAt !== null) offer(s.dueAt + 1, o.name, 'breach');
    for (const [from, to] of pauses) {
      offer(from, o.name, 'pause-start');
      if (to !== Number.POSITIVE_INFINITY) offer(to, o.name, 'pause-end');
    }
  }
  return best;
}
