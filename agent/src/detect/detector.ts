import { type Condition, INHIBITED_BY_PBX_DOWN } from '@pbxwatch/core/protocol';
import type { TrapNotice } from '../poll/types.js';
import { type Baseline, countStations, learnBaseline, type StationCounts } from './baseline.js';
import { type Instant, newTrack, stepTrack, type Track, type Verdict } from './debounce.js';
import type { DetectedChange, DetectorSettings, PollObservation } from './observation.js';
import {
  pbxDownVerdict,
  SIP_SLOW_WINDOW,
  sipDownVerdict,
  sipSlowVerdict,
  snmpDownVerdict,
  stationsVerdict,
  trunksVerdict,
} from './verdicts.js';

/**
 * Everything the detector remembers between polls; plain JSON, persisted after every poll so that
 * an agent restart neither re-raises an open condition nor loses a clearing run.
 * @example
 * let state = initialDetectorState();
 */
export interface DetectorState {
  tracks: Partial<Record<Condition, Track>>;
  /** Round trips of the last answered OPTIONS polls, oldest first. */
  rtts: number[];
  lastSysUpTimeS: number | null;
  /** Wall time of the last restart reported, to report one restart once (trap and uptime both see it). */
  lastRestartAt: number | null;
  /** Trunk state as last reported by traps, by trunk name. */
  trapTrunks: Record<string, { failed: boolean; at: number }>;
  baseline: Baseline;
}

/**
 * The state of a detector that has never polled.
 * @example
 * initialDetectorState().tracks; // {}
 */
export function initialDetectorState(): DetectorState {
  return { tracks: {}, rtts: [], lastSysUpTimeS: null, lastRestartAt: null, trapTrunks: {}, baseline: {} };
}

/** The result of one {@link detect} step. */
export interface DetectResult {
  state: DetectorState;
  changes: DetectedChange[];
  /** Station counts of this poll (for telemetry and `probe`), or null when unknown. */
  stations: StationCounts | null;
  /** Every verdict of this poll, for `probe` ("what would be raised"). */
  verdicts: Partial<Record<Condition, Verdict>>;
}

// TimeTicks is 32 bits: sysUpTime wraps after 497 days, which is not a restart.
const UPTIME_WRAP_S = 2 ** 32 / 100;
// A trap and the next poll's smaller sysUpTime describe the same restart when they are this close.
const SAME_RESTART_MS = 120_000;

function applyTrunkTraps(
  prev: DetectorState['trapTrunks'],
  traps: TrapNotice[],
): DetectorState['trapTrunks'] {
  const next = { ...prev };
  for (const t of traps) {
    if (!t.kind.startsWith('trunk-')) continue;
    const name = t.trunk ?? t.description ?? 'trunk';
    // IPO-MIB: Failure/Operational say it outright; Error/Change carry ItuPerceivedSeverity (1 = cleared).
    const failed =
      t.kind === 'trunk-failure' ||
      ((t.kind === 'trunk-error' || t.kind === 'trunk-change') &&
        t.severity !== undefined &&
        t.severity !== 1 &&
        t.severity <= 4);
    if (t.kind === 'trunk-operational' || failed || t.severity === 1)
      next[name] = { failed, at: t.receivedAt };
  }
  return next;
}

function restartChange(
  o: PollObservation,
  prev: DetectorState,
): { at: number; detail: Record<string, unknown> } | null {
  const trap = o.traps.find((t) => t.kind === 'cold-start' || t.kind === 'warm-start');
  if (trap) return { at: trap.receivedAt, detail: { source: `${trap.kind} trap`, from: trap.from } };
  const up = o.snmp?.answered ? o.snmp.sysUpTimeS : undefined;
  const last = prev.lastSysUpTimeS;
  if (up === undefined || last === null || up >= last) return null;
  if (last > UPTIME_WRAP_S - 3600 && up < 3600) return null;
  const restartedAt = o.at - up * 1000;
  if (prev.lastRestartAt !== null && prev.lastRestartAt >= restartedAt - SAME_RESTART_MS) return null;
  return {
    at: o.at,
    detail: {
      source: 'sysUpTime went backwards',
      sysUpTimeS: up,
      previousSysUpTimeS: last,
      restartedAt: new Date(restartedAt).toISOString(),
    },
  };
}

/**
 * One detection step: turns a poll observation into condition changes and the next state. Pure:
 * no clock, no I/O; the caller persists `state` and the changes in one transaction.
 *
 * Inhibition (detection.md): while `pbx-down` is raised, or this poll is itself a `pbx-down` bad
 * poll, `stations`, `trunks`, `sip-down` and `snmp-down` are not raised; their runs continue and
 * they raise with their true first bad poll once the PBX is back. A condition raised *before*
 * `pbx-down` is kept (not cleared): the console suppresses it, and clearing it would claim a
 * recovery nobody observed. While the PBX is silent its evidence is unknown, so it stays as it was.
 * @example
 * const r = detect(state, obs, settings);
 * state = r.state; for (const c of r.changes) outbox.addEvent(c);
 */
export function detect(prev: DetectorState, o: PollObservation, s: DetectorSettings): DetectResult {
  const now: Instant = { at: o.at, uptimeMs: o.uptimeMs, bootId: o.bootId };
  const state: DetectorState = { ...prev, tracks: { ...prev.tracks } };
  const changes: DetectedChange[] = [];
  const verdicts: Partial<Record<Condition, Verdict>> = {};

  state.trapTrunks = applyTrunkTraps(prev.trapTrunks, o.traps);
  if (o.sip?.alive && o.sip.rttMs !== undefined)
    state.rtts = [...prev.rtts, o.sip.rttMs].slice(-SIP_SLOW_WINDOW);

  let counts: StationCounts | null = null;
  if (o.stations) {
    if (s.expectedStations) counts = countStations(o.stations.readings, s.expectedStations, 'config');
    else {
      state.baseline = learnBaseline(prev.baseline, o.stations.readings, o.at, s.baselineWindow);
      counts = countStations(o.stations.readings, Object.keys(state.baseline).sort(), 'learned');
    }
  }

  verdicts['pbx-down'] = pbxDownVerdict(o);
  verdicts['sip-down'] = sipDownVerdict(o);
  verdicts['snmp-down'] = snmpDownVerdict(o);
  verdicts.stations = stationsVerdict(counts, s.degradedRatio, o.stations?.source ?? 'none');
  verdicts.trunks = trunksVerdict(o, state.trapTrunks);
  verdicts['sip-slow'] = sipSlowVerdict(o, state.rtts, s.slowMs);

  const order: Condition[] = ['pbx-down', 'sip-down', 'snmp-down', 'stations', 'trunks', 'sip-slow'];
  for (const cond of order) {
    const v = verdicts[cond] as Verdict;
    const pbxDown = state.tracks['pbx-down'];
    const hold =
      INHIBITED_BY_PBX_DOWN.has(cond) && (verdicts['pbx-down']?.state === 'bad' || pbxDown?.raised === true);
    const { track, transition } = stepTrack(prev.tracks[cond] ?? newTrack(), v, now, s, hold);
    state.tracks[cond] = track;
    if (!transition) continue;
    const last = v.state === 'unknown' ? { summary: cond, detail: {} } : v;
    changes.push({
      condition: cond,
      change: transition.change,
      priority: transition.priority,
      at: transition.at.at,
      atUptimeMs: transition.at.uptimeMs,
      atBootId: transition.at.bootId,
      detectedAt: transition.detectedAt,
      summary: transition.change === 'cleared' ? `cleared: ${last.summary}` : last.summary,
      detail: last.detail,
    });
  }

  const restart = restartChange(o, prev);
  if (restart) {
    state.lastRestartAt = restart.detail.restartedAt
      ? Date.parse(String(restart.detail.restartedAt))
      : restart.at;
    const atUptimeMs = Math.max(0, o.uptimeMs - (o.at - restart.at));
    const base = {
      condition: 'pbx-restarted' as const,
      priority: 'P4' as const,
      at: restart.at,
      atUptimeMs,
      atBootId: o.bootId,
      detectedAt: restart.at,
      detail: restart.detail,
    };
    // detection.md: P4, opened and cleared at once.
    changes.push({ ...base, change: 'raised', summary: `PBX restarted (${restart.detail.source})` });
    changes.push({ ...base, change: 'cleared', summary: 'PBX restarted: information only, closed at once' });
  }
  if (o.snmp?.answered && o.snmp.sysUpTimeS !== undefined) state.lastSysUpTimeS = o.snmp.sysUpTimeS;
  return { state, changes, stations: counts, verdicts };
}
