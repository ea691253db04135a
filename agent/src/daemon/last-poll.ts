import type { TelemetryBody } from '../outbox/outbox.js';
import type { StateDb } from '../outbox/state-db.js';

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
 * Notes the poll beside the detector state; call inside the poll's transaction, after
 * `saveDetectorState` has written the row: the same row, so the SD card sees no extra page (a
 * `meta` row cost 4 KiB more per poll).
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
  db.prepare('UPDATE detector_state SET last_poll = ? WHERE id = 1').run(JSON.stringify(p));
}

/**
 * The newest poll noted by {@link recordLastPoll}, or null before the first (or if unreadable).
 * @example
 * const p = readLastPoll(db); if (p) console.log(new Date(p.at));
 */
export function readLastPoll(db: StateDb): LastPoll | null {
  const raw = (
    db.prepare('SELECT last_poll FROM detector_state WHERE id = 1').get() as
      | { last_poll: string | null }
      | undefined
  )?.last_poll;
  if (!raw) return null;
  try {
    return JSON.parse(raw) as LastPoll;
  } catch {
    return null;
  }
}
