import type { Calendar } from '../calendar/compile-calendar.js';
import { type ClockState, dueInstant, evaluateClock } from './clock.js';
import { normalizePauses, type PauseLike } from './pause.js';
import { countedTime, type Target, targetMs } from './target.js';

/**
 * One clock, independent of plans and tickets (the shape of sla-vectors.json cases).
 * @example
 * const c: SlaClockSpec = { calendar: compileCalendar({ always: true }), start: 0, target: { clockHours: 1 } };
 */
export interface SlaClockSpec {
  calendar: Calendar;
  /** Epoch ms the clock starts (a ticket's detectedAt). */
  start: number;
  target: Target;
  pauses?: readonly PauseLike[];
}

/**
 * State of one clock at an instant, in whole seconds.
 * @example
 * const s: SlaClockStatus = slaClockAt({ ...spec, at });
 */
export interface SlaClockStatus {
  dueAt: number | null;
  targetSeconds: number;
  elapsedSeconds: number;
  remainingSeconds: number;
  state: ClockState;
  breached: boolean;
  warning: boolean;
  stoppedAt: number | null;
}

/**
 * Due instant (epoch ms) of one clock, or null while an open pause holds it short of the target.
 * @example
 * slaDue({ calendar, start: Date.parse('2026-11-20T16:00:00-06:00'), target: { businessHours: 6 } });
 * // Date.parse('2026-11-23T12:00:00-06:00') on Mon-Fri 08:00-18:00 America/Chicago
 */
export function slaDue(spec: SlaClockSpec): number | null {
  const { calendar, start, target } = spec;
  return dueInstant(
    countedTime(target, calendar),
    start,
    targetMs(target, calendar),
    normalizePauses(spec.pauses, start),
  );
}

/**
 * State of one clock at `at` (optionally stopped at `stoppedAt`), per sla-semantics.md §States.
 * @example
 * slaClockAt({ calendar, start, target: { clockHours: 1 }, at: start + 5_400_000 });
 * // { elapsedSeconds: 5400, remainingSeconds: -1800, state: 'breached', breached: true, … }
 */
export function slaClockAt(
  spec: SlaClockSpec & { at: number; stoppedAt?: number | null; warnAt?: number },
): SlaClockStatus {
  const { calendar, start, target } = spec;
  const ms = targetMs(target, calendar);
  const s = evaluateClock({
    time: countedTime(target, calendar),
    start,
    targetMs: ms,
    pauses: normalizePauses(spec.pauses, start),
    stoppedAt: spec.stoppedAt,
    at: spec.at,
    warnAt: spec.warnAt,
  });
  const targetSeconds = Math.round(ms / 1000);
  const elapsedSeconds = Math.floor(s.elapsedMs / 1000);
  return {
    dueAt: s.dueAt,
    targetSeconds,
    elapsedSeconds,
    remainingSeconds: targetSeconds - elapsedSeconds,
    state: s.state,
    breached: s.state === 'breached',
    warning: s.warning,
    stoppedAt: s.stoppedAt,
  };
}
