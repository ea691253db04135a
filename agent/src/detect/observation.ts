import type { Condition, ConditionChange, Priority } from '@pbxwatch/core/protocol';
import type { SipProbeResult, SnmpPollResult, StationReading, TrapNotice } from '../poll/types.js';

/**
 * Everything one poll saw, with its time: the detector's only input. `null` means "not configured"
 * for `snmp`/`sip` and "not known this poll" for `stations` (e.g. SNMP did not answer).
 * @example
 * const obs: PollObservation = { at: Date.now(), uptimeMs: 1000, bootId, snmp, sip: null, stations: null, trunkPeers: [], traps: [] };
 */
export interface PollObservation {
  /** Agent wall time of the poll, epoch ms. */
  at: number;
  /** Agent monotonic uptime at the poll. */
  uptimeMs: number;
  /** The agent boot that made this poll (so that times carried across a restart say which boot). */
  bootId: string;
  snmp: SnmpPollResult | null;
  sip: SipProbeResult | null;
  stations: { readings: StationReading[]; source: string } | null;
  trunkPeers: { name: string; result: SipProbeResult }[];
  /** Traps received since the previous poll. */
  traps: TrapNotice[];
}

/**
 * One condition change decided by the detector, ready for the outbox (which adds the event id).
 * @example
 * const c: DetectedChange = { condition: 'pbx-down', change: 'raised', priority: 'P1', at, atUptimeMs, atBootId, detectedAt: at, summary: 'PBX down', detail: {} };
 */
export interface DetectedChange {
  condition: Condition;
  change: ConditionChange;
  priority: Priority;
  /** When the change happened (first bad poll for `raised`, first good poll of the run for `cleared`). */
  at: number;
  atUptimeMs: number;
  /** Boot whose uptime `atUptimeMs` counts. */
  atBootId: string;
  /** First bad poll of this occurrence. */
  detectedAt: number;
  summary: string;
  detail: Record<string, unknown>;
}

/**
 * Thresholds that drive the detector (from `thresholds` in the config).
 * @example
 * const s: DetectorSettings = { degradedRatio: 0.25, raiseAfter: 2, clearAfter: 3, slowMs: 500, baselineWindow: 7 * 86_400_000, expectedStations: null };
 */
export interface DetectorSettings {
  degradedRatio: number;
  raiseAfter: number;
  clearAfter: number;
  slowMs: number;
  baselineWindow: number;
  /** Station keys listed in the config, or `null` to learn the expected set. */
  expectedStations: string[] | null;
}
