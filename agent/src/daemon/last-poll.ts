import type { TelemetryBody } from '../outbox/outbox.js';
import { getMeta, type StateDb, setMeta } from '../outbox/state-db.js';

/** What the daemon notes of its newest poll, for `pbxwatch-agent status`. */
export interface LastPoll {
  /** Agent wall time of the poll. */
  at: number;
  intervalMs: number;
  snmp: boolean;
  sip: boolean;
  stations: { connected: number; monitored: number } | null;
}

/**
 * Notes the poll in the state database; call inside the poll's own transaction, which commits the
 * detector state anyway, so the SD card sees no extra commit.
 * @example
 * db.transaction(() => { saveDetectorState(db, s); recordLastPoll(db, stamp.at, cfg.poll.interval, tel); })();
 */
export function recordLastPoll(db: StateDb, at: number, intervalMs: number, t: TelemetryBody): void {
  const p: LastPoll = {
    at,
    intervalMs,
    snmp: t.pbx.snmp,
    sip: t.pbx.sip,
    stations: t.stations ? { connected: t.stations.connected, monitored: t.stations.monitored } : null,
  };
  setMeta(db, 'lastPoll', JSON.stringify(p));
}

/**
 * The newest poll noted by {@link recordLastPoll}, or null before the first (or if unreadable).
 * @example
 * const p = readLastPoll(db); if (p) console.log(new Date(p.at));
 */
export function readLastPoll(db: StateDb): LastPoll | null {
  const raw = getMeta(db, 'lastPoll');
  if (!raw) return null;
  try {
    return JSON.parse(raw) as LastPoll;
  } catch {
    return null;
  }
}
