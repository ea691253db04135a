import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStateDb } from '../outbox/state-db.js';
import { detect, initialDetectorState } from './detector.js';
import { BASELINE_SAVE_STEP_MS, loadDetectorState, saveDetectorState } from './state-store.js';
import { DOWN, obs, SETTINGS, stations } from './test-helpers/obs.js';

const dirs: string[] = [];
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'pbxw-state-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('detector state across an agent restart', () => {
  it('a restart mid-outage neither re-raises nor loses the clear; baseline survives in its table', () => {
    const dir = tmp();
    const six = { readings: stations(6) };
    let db = openStateDb(dir);
    let state = initialDetectorState();
    const all = [];
    for (const o of [obs(0, six), obs(1, DOWN), obs(2, DOWN), obs(3, six)]) {
      const r = detect(state, o, SETTINGS);
      state = r.state;
      all.push(...r.changes);
      saveDetectorState(db, state);
    }
    db.close();
    // "restart": a new process loads what the old one saved
    db = openStateDb(dir);
    state = loadDetectorState(db);
    expect(Object.keys(state.baseline)).toHaveLength(6);
    const rows = db.prepare('SELECT count(*) AS n FROM station_baseline').get() as { n: number };
    expect(rows.n).toBe(6);
    for (const o of [obs(4, six), obs(5, six), obs(6, six)]) {
      const r = detect(state, o, SETTINGS);
      state = r.state;
      all.push(...r.changes);
    }
    const pbx = all.filter((c) => c.condition === 'pbx-down');
    expect(pbx.map((c) => c.change)).toEqual(['raised', 'cleared']);
    // the clearing run started before the restart (poll 3) and is not lost
    expect(pbx[1]?.at).toBe(obs(3).at);
    db.close();
  });
});

describe('baseline writes', () => {
  it('writes a station when it appears, then at most once per save step, and deletes a forgotten one', () => {
    const db = openStateDb(tmp());
    const base = initialDetectorState();
    const row = (k: string) =>
      (
        db.prepare('SELECT last_seen FROM station_baseline WHERE key = ?').get(k) as
          | { last_seen: number }
          | undefined
      )?.last_seen;
    saveDetectorState(db, { ...base, baseline: { '201': 1_000, '202': 1_000 } });
    expect(row('201')).toBe(1_000);
    // Seen again a minute later: not rewritten (the SD card is spared)...
    saveDetectorState(db, { ...base, baseline: { '201': 61_000, '202': 61_000 } });
    expect(row('201')).toBe(1_000);
    // ...until it has moved on by a whole step; a station that vanished from the baseline goes.
    saveDetectorState(db, { ...base, baseline: { '201': 1_000 + BASELINE_SAVE_STEP_MS } });
    expect(row('201')).toBe(1_000 + BASELINE_SAVE_STEP_MS);
    expect(row('202')).toBeUndefined();
    db.close();
  });

  it('a restart loads the baseline as last saved: at most one save step behind', () => {
    const dir = tmp();
    let db = openStateDb(dir);
    const base = initialDetectorState();
    saveDetectorState(db, { ...base, baseline: { '201': 1_000 } });
    saveDetectorState(db, { ...base, baseline: { '201': 1_000 + BASELINE_SAVE_STEP_MS - 1 } });
    db.close();
    db = openStateDb(dir);
    expect(loadDetectorState(db).baseline).toEqual({ '201': 1_000 });
    db.close();
  });
});
