import type { Priority } from '@pbxwatch/core/protocol';

/** A timed point: wall time, uptime and the boot the uptime belongs to. */
export interface Instant {
  at: number;
  uptimeMs: number;
  bootId: string;
}

/**
 * Debounce state of one condition; plain JSON so that it persists across agent restarts.
 * @example
 * const t: Track = newTrack();
 */
export interface Track {
  raised: boolean;
  priority: Priority | null;
  /** First bad poll of the raised occurrence. */
  detectedAt: number | null;
  badRun: number;
  firstBad: Instant | null;
  goodRun: number;
  firstGood: Instant | null;
}

/**
 * What a poll says about one condition: bad (with its priority), good, or unknown (no evidence this
 * poll, e.g. stations while SNMP is silent): an unknown poll neither extends nor breaks a run.
 * @example
 * const v: Verdict = { state: 'bad', priority: 'P2', summary: '10 of 40 stations not connected', detail: {} };
 */
export type Verdict =
  | {
      state: 'bad';
      priority: Priority;
      summary: string;
      detail: Record<string, unknown>;
      /** The PBX itself reported the fault (a trap): no debounce needed to believe it. */
      confirmed?: boolean;
    }
  | { state: 'good'; summary: string; detail: Record<string, unknown> }
  | { state: 'unknown' };

/** A transition out of {@link stepTrack}. */
export interface TrackTransition {
  change: 'raised' | 'updated' | 'cleared';
  priority: Priority;
  at: Instant;
  detectedAt: number;
}

/**
 * A fresh, quiet track.
 * @example
 * newTrack().raised; // false
 */
export function newTrack(): Track {
  return {
    raised: false,
    priority: null,
    detectedAt: null,
    badRun: 0,
    firstBad: null,
    goodRun: 0,
    firstGood: null,
  };
}

/**
 * Advances one condition's debounce by one poll (detection.md: raised after `raiseAfter`
 * consecutive bad polls, cleared after `clearAfter` good ones; `detectedAt` is the first bad poll,
 * `clearedAt` the first good poll of the clearing run). A `confirmed` bad verdict raises at once. `holdRaise` defers a raise (inhibition)
 * without losing the run, so that it raises, with its true first bad poll, once released.
 * @example
 * const { track, transition } = stepTrack(newTrack(), verdict, now, { raiseAfter: 2, clearAfter: 3 }, false);
 */
export function stepTrack(
  prev: Track,
  verdict: Verdict,
  now: Instant,
  s: { raiseAfter: number; clearAfter: number },
  holdRaise: boolean,
): { track: Track; transition: TrackTransition | null } {
  const t: Track = { ...prev };
  if (verdict.state === 'unknown') return { track: t, transition: null };
  if (verdict.state === 'bad') {
    t.goodRun = 0;
    t.firstGood = null;
    if (t.badRun === 0 || !t.firstBad) t.firstBad = now;
    t.badRun += 1;
    if (t.raised) {
      if (t.priority !== verdict.priority) {
        t.priority = verdict.priority;
        return {
          track: t,
          transition: {
            change: 'updated',
            priority: verdict.priority,
            at: now,
            detectedAt: t.detectedAt ?? now.at,
          },
        };
      }
      return { track: t, transition: null };
    }
    // A trap is the PBX's own report, not a possibly flaky poll: raise at once, so that a trunk
    // failure reaches the NOC in seconds rather than after `raiseAfter` intervals. Clearing stays
    // debounced.
    if ((t.badRun >= s.raiseAfter || verdict.confirmed === true) && !holdRaise) {
      const first = t.firstBad as Instant;
      t.raised = true;
      t.priority = verdict.priority;
      t.detectedAt = first.at;
      return {
        track: t,
        transition: { change: 'raised', priority: verdict.priority, at: first, detectedAt: first.at },
      };
    }
    return { track: t, transition: null };
  }
  // good
  t.badRun = 0;
  t.firstBad = null;
  if (!t.raised) return { track: t, transition: null };
  if (t.goodRun === 0 || !t.firstGood) t.firstGood = now;
  t.goodRun += 1;
  if (t.goodRun < s.clearAfter) return { track: t, transition: null };
  const cleared: TrackTransition = {
    change: 'cleared',
    priority: t.priority ?? 'P4',
    at: t.firstGood as Instant,
    detectedAt: t.detectedAt ?? (t.firstGood as Instant).at,
  };
  return { track: newTrack(), transition: cleared };
}
