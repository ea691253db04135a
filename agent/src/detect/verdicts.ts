import { stationsPriority, trunksPriority } from '@pbxwatch/core/protocol';
import type { StationCounts } from './baseline.js';
import type { Verdict } from './debounce.js';
import type { PollObservation } from './observation.js';

/**
 * `pbx-down`: neither SNMP nor SIP OPTIONS to the PBX answered (of those configured).
 * @example
 * pbxDownVerdict(obs).state; // 'bad' when both are silent
 */
export function pbxDownVerdict(o: PollObservation): Verdict {
  const snmp = o.snmp?.answered ?? false;
  const sip = o.sip?.alive ?? false;
  if (snmp || sip) return { state: 'good', summary: 'PBX answers', detail: {} };
  return {
    state: 'bad',
    priority: 'P1',
    summary: 'PBX not answering (no SNMP, no SIP OPTIONS answer)',
    detail: { snmpError: o.snmp?.error, sipError: o.sip?.error },
  };
}

/**
 * `sip-down`: SIP unanswered while SNMP answers; unknown when both are silent (that is `pbx-down`).
 * @example
 * sipDownVerdict(obs);
 */
export function sipDownVerdict(o: PollObservation): Verdict {
  if (!o.sip || !o.snmp) return { state: 'unknown' };
  if (o.sip.alive) return { state: 'good', summary: 'SIP answers', detail: {} };
  if (!o.snmp.answered) return { state: 'unknown' };
  return {
    state: 'bad',
    priority: 'P2',
    summary: `SIP OPTIONS to the PBX unanswered (${o.sip.error ?? 'no answer'}) while SNMP answers`,
    detail: { sipError: o.sip.error, transport: o.sip.transport },
  };
}

/**
 * `snmp-down`: SNMP unanswered while SIP answers (monitoring impaired, service up).
 * @example
 * snmpDownVerdict(obs);
 */
export function snmpDownVerdict(o: PollObservation): Verdict {
  if (!o.sip || !o.snmp) return { state: 'unknown' };
  if (o.snmp.answered) return { state: 'good', summary: 'SNMP answers', detail: {} };
  if (!o.sip.alive) return { state: 'unknown' };
  return {
    state: 'bad',
    priority: 'P3',
    summary: `SNMP unanswered (${o.snmp.error ?? 'no answer'}) while SIP answers`,
    detail: { snmpError: o.snmp.error },
  };
}

/**
 * `stations`: share of monitored stations not connected; P1 strictly above 75%, P2 from
 * `degradedRatio` (core's `stationsPriority`). No monitored station is good (nothing to judge).
 * @example
 * stationsVerdict(counts, 0.25, 'ipo-phones-table');
 */
export function stationsVerdict(c: StationCounts | null, degradedRatio: number, source: string): Verdict {
  if (!c) return { state: 'unknown' };
  const ratio = c.monitored > 0 ? c.downCount / c.monitored : 0;
  const detail = {
    monitored: c.monitored,
    connected: c.connected,
    notConnected: c.downCount,
    unmonitored: c.unmonitored,
    ratio: Math.round(ratio * 1000) / 1000,
    source,
    expectedFrom: c.expectedFrom,
    down: c.down,
  };
  const priority = stationsPriority(ratio, degradedRatio);
  const summary = `${c.downCount} of ${c.monitored} monitored stations not connected (${Math.round(ratio * 100)}%)`;
  return priority ? { state: 'bad', priority, summary, detail } : { state: 'good', summary, detail };
}

/**
 * `trunks`: every trunk failed P1, some P2, from trap-reported trunk state and trunk-peer OPTIONS.
 * Unknown when no trunk is known at all.
 * @example
 * trunksVerdict(obs, { 'SIP Line 1': { failed: true, at } });
 */
export function trunksVerdict(o: PollObservation, trapTrunks: Record<string, { failed: boolean }>): Verdict {
  const failedNames: string[] = [];
  let total = 0;
  let trapFailed = false;
  for (const p of o.trunkPeers) {
    total++;
    if (!p.result.alive) failedNames.push(p.name);
  }
  for (const [name, s] of Object.entries(trapTrunks)) {
    total++;
    if (s.failed) {
      failedNames.push(name);
      trapFailed = true;
    }
  }
  if (total === 0) return { state: 'unknown' };
  const detail = { total, failed: failedNames.length, failedTrunks: failedNames.slice(0, 50) };
  const priority = trunksPriority(failedNames.length, total);
  const summary = `${failedNames.length} of ${total} trunks failed${failedNames.length ? `: ${failedNames.slice(0, 5).join(', ')}` : ''}`;
  if (!priority) return { state: 'good', summary, detail };
  return { state: 'bad', priority, summary, detail, confirmed: trapFailed };
}

/**
 * Median of numbers (mean of the middle two for an even count).
 * @example
 * median([1, 3, 2]); // 2
 */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** How many recent round trips `sip-slow` takes the median of (detection.md). */
export const SIP_SLOW_WINDOW = 10;

/**
 * `sip-slow`: median OPTIONS round trip of the last 10 answered polls above `slowMs`; unknown when
 * SIP did not answer this poll (that is `sip-down` or `pbx-down`, not slowness).
 * @example
 * sipSlowVerdict(obs, [600, 700, 650], 500).state; // 'bad'
 */
export function sipSlowVerdict(o: PollObservation, rtts: number[], slowMs: number): Verdict {
  if (!o.sip?.alive || o.sip.rttMs === undefined || rtts.length === 0) return { state: 'unknown' };
  const med = median(rtts);
  const detail = { medianMs: Math.round(med), samples: rtts.length, slowMs };
  const summary = `median SIP OPTIONS round trip ${Math.round(med)} ms over ${rtts.length} polls (limit ${slowMs} ms)`;
  return med > slowMs
    ? { state: 'bad', priority: 'P3', summary, detail }
    : { state: 'good', summary, detail };
}
