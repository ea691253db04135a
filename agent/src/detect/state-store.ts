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
 * Saves the detector state; call inside the same transaction that adds the poll's events to the
 * outbox, so that state and events never disagree after a crash.
 * @example
 * db.transaction(() => { saveDetectorState(db, r.state); for (const c of r.changes) outbox.addEvent(c); })();
 */
export function saveDetectorState(db: StateDb, state: DetectorState): void {
  const { baseline, ...rest } = state;
  db.prepare(
    'INSERT INTO detector_state (id, state) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET state = excluded.state',
  ).run(JSON.stringify(rest));
  const existing = new Map(
    (
      db.prepare('SELECT key, last_seen FROM station_baseline').all() as { key: string; last_seen: number }[]
    ).map((r) => [r.key, r.last_seen]),
  );
  const del = db.prepare('DELETE FROM station_baseline WHERE key = ?');
  const up = db.prepare(
    'INSERT INTO station_baseline (key, last_seen) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET last_seen = excluded.last_seen',
  );
  for (const k of existing.keys()) if (!(k in baseline)) del.run(k);
  for (const [k, seen] of Object.entries(baseline)) if (existing.get(k) !== seen) up.run(k, seen);
}
