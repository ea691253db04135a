import type { OpenTime } from '../calendar/open-time.js';

/**
 * State of an SLA objective at an instant (sla-semantics.md §States at an instant).
 * @example
 * const s: ClockState = 'breached';
 */
export type ClockState = 'running' | 'paused' | 'met' | 'breached';

/**
 * Counted milliseconds in `[start, end)`: open time minus pauses (spans from `normalizePauses`).
 * @example
 * countedMs(CLOCK_TIME, 0, 7_200_000, [[1_800_000, 2_700_000]]); // 6300000
 */
export function countedMs(
  time: OpenTime,
  start: number,
  end: number,
  pauses: readonly (readonly [number, number])[],
): number {
  if (end <= start) return 0;
  let total = time.measure(start, end);
  for (const [from, to] of pauses) {
    const a = Math.max(from, start);
    const b = Math.min(to, end);
    if (b > a) total -= time.measure(a, b);
  }
  return total;
}

/**
 * The first instant at which counted time since `start` reaches `ms`; a target reached exactly at
 * a closing time is due at that closing time. `null` when an open pause holds the clock before the
 * target is reached (the due time is not yet determined).
 * @example
 * dueInstant(CLOCK_TIME, 0, 7_200_000, [[1_800_000, 4_500_000]]); // 9900000
 */
export function dueInstant(
  time: OpenTime,
  start: number,
  ms: number,
  pauses: readonly (readonly [number, number])[],
): number | null {
  if (ms <= 0) return start;
  let cursor = start;
  let remaining = ms;
  for (const [from, to] of pauses) {
    if (to <= cursor) continue;
    if (from > cursor) {
      const available = time.measure(cursor, from);
      if (available >= remaining) return time.advance(cursor, remaining);
      remaining -= available;
    }
    if (to === Number.POSITIVE_INFINITY) return null;
    cursor = to;
  }
  return time.advance(cursor, remaining);
}

/**
 * Inputs of {@link evaluateClock}, all instants epoch ms. `pauses` come from `normalizePauses`.
 * @example
 * const input: ClockInput = { time: CLOCK_TIME, start: 0, targetMs: 3_600_000, pauses: [], at: 60_000, warnAt: 0.75 };
 */
export interface ClockInput {
  time: OpenTime;
  start: number;
  targetMs: number;
  pauses: readonly (readonly [number, number])[];
  /** When the objective stopped (ack, restore, resolve); ignored if after `at`. */
  stoppedAt?: number | null;
  at: number;
  /** Fraction of the target after which a running clock warns (default 0.75). */
  warnAt?: number;
}

/**
 * One objective's clock at `at`.
 * @example
 * const s: ClockStatus = evaluateClock(input);
 */
export interface ClockStatus {
  dueAt: number | null;
  elapsedMs: number;
  remainingMs: number;
  state: ClockState;
  warning: boolean;
  /** The stop that applies at `at`, or null while not stopped. */
  stoppedAt: number | null;
}

/**
 * Evaluates one SLA clock at `at`: elapsed and remaining counted time, due instant, state and
 * warning. `met` when stopped at or before due, `breached` when stopped after due or not stopped
 * and `at > due` (at exactly `due` it is not yet breached).
 * @example
 * evaluateClock({ time: CLOCK_TIME, start: 0, targetMs: 3_600_000, pauses: [], at: 5_400_000 }).state; // 'breached'
 */
export function evaluateClock(input: ClockInput): ClockStatus {
  const { time, start, targetMs, pauses, at } = input;
  const warnAt = input.warnAt ?? 0.75;
  const stop =
    input.stoppedAt !== undefined && input.stoppedAt !== null && input.stoppedAt <= at
      ? input.stoppedAt
      : null;
  const end = stop ?? at;
  const elapsedMs = countedMs(time, start, end, pauses);
  const dueAt = dueInstant(time, start, targetMs, pauses);
  let state: ClockState;
  if (stop !== null) state = dueAt === null || stop <= dueAt ? 'met' : 'breached';
  else if (dueAt !== null && at > dueAt) state = 'breached';
  else if (inPause(pauses, at)) state = 'paused';
  else state = 'running';
  const warning = state === 'running' && elapsedMs >= warnAt * targetMs;
  return { dueAt, elapsedMs, remainingMs: targetMs - elapsedMs, state, warning, stoppedAt: stop };
}

function inPause(pauses: readonly (readonly [number, number])[], at: number): boolean {
  for (const [from, to] of pauses) if (at >= from && at < to) return true;
  return false;
}
