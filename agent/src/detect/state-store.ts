import type { StateDb } from '../outbox/state-db.js';
import { type DetectorState, initialDetectorState } from './detector.js';

/**
 * Loads the detector state saved by {@link saveDetectorState}, or a fresh one; the learned baseline
 * comes from its own table (`station_baseline`).
 * @example
 * let state = loadDetectorState(db);
 */
export function loadDetectorState(db: StateDb): DetectorState {
  const row = db.prepare('SELECT state FROM detector_state WHERE id = 1').get() as
    | { state: string }
    | undefined;
  const base = initialDetectorState();
  let state = base;
  if (row) {
    try {
      state = { ...base, ...(JSON.parse(row.state) as Partial<DetectorState>) };
    } catch {
      // A corrupt row must not stop the agent: start quiet, the next polls rebuild the runs.
      state = base;
    }
  }
  const rows = db.prepare('SELECT key, last_seen FROM station_baseline').all() as {
    key: string;
    last_seen: number;
  }[];
  state.baseline = Object.fromEntries(rows.map((r) => [r.key, r.last_seen]));
  return state;
}

/**
 * How far a station's in-memory last-seen time may run ahead of the saved one. Every poll sees
 * every connected station again; writing each of them on each poll would rewrite a 2,400-station
 * baseline to the gateway's SD card every 30 s (a few hundred MB a day). Saved once an hour, a
 * crash forgets at most an hour of a 7-day window.
 */
export const BASELINE_SAVE_STEP_MS = 3_600_000;

/** The baseline rows as this process last wrote or read them, per database handle. */
const saved = new WeakMap<StateDb, Map<string, number>>();

function savedBaseline(db: StateDb): Map<string, number> {
  let rows = saved.get(db);
  if (!rows) {
    rows = new Map(
      (
        db.prepare('SELECT key, last_seen FROM station_baseline').all() as {
          key: string;
          last_seen: number;
        }[]
      ).map((r) => [r.key, r.last_seen]),
    );
    saved.set(db, rows);
  }
  return rows;
}

/**
 * Saves the detector state; call inside the same transaction that adds the poll's events to the
 * outbox, so that state and events never disagree after a crash. Baseline rows are written when a
 * station appears or is forgotten, and otherwise at most every {@link BASELINE_SAVE_STEP_MS}.
 * @example
 * db.transaction(() => { saveDetectorState(db, r.state); for (const c of r.changes) outbox.addEvent(c); })();
 */
export function saveDetectorState(db: StateDb, state: DetectorState): void {
  const { baseline, ...rest } = state;
  db.prepare(
    'INSERT INTO detector_state (id, state) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state',
  ).run(JSON.stringify(rest));
  const rows = savedBaseline(db);
  const del = db.prepare('DELETE FROM station_baseline WHERE key = ?');
  const up = db.prepare(
    'INSERT INTO station_baseline (key, last_seen) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET last_seen = excluded.last_seen',
  );
  for (const k of rows.keys()) {
    if (k in baseline) continue;
    del.run(k);
    rows.delete(k);
  }
  for (const [k, seen] of Object.entries(baseline)) {
    const was = rows.get(k);
    // A rolled-back transaction leaves this map ahead of the table; the upsert and the next
    // step (or the next start, which reads the table) bring them together again.
    if (was !== undefined && seen - was < BASELINE_SAVE_STEP_MS && seen >= was) continue;
    up.run(k, seen);
    rows.set(k, seen);
  }
}
